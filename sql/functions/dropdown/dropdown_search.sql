create or replace function pgfirst.dropdown_search(
  name text,
  tenant text,
  term text default '',
  page integer default 1,
  page_size integer default 30,
  after text default null
)
returns jsonb
language plpgsql
stable
security definer -- reads the dropdown views, which application roles cannot read: the tenant filter is enforced here
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id integer;
  v_as_of timestamptz;
  v_term text;
  v_mode integer;
  v_sort text;
  v_after_id text;
  v_after_rank integer;
  v_like text[];
  v_starts text[];
  v_result jsonb;
  v_grouped boolean;
begin
  if page_size is null or page_size < 1 or page_size > 100 then
    raise exception 'page_size must be between 1 and 100' using errcode = 'PF604',
      detail = pg_catalog.format('page_size = %s', page_size);
  end if;
  -- bounds (issue 10): a huge page overflowed (page - 1) * page_size; a huge term is
  -- normalised and trigram-matched in full
  if page is null or page < 1 or page > (pgfirst_private.arg_limits()).page_max then
    raise exception 'page must be between 1 and %', (pgfirst_private.arg_limits()).page_max using errcode = 'PF605',
      detail = pg_catalog.format('page = %s', page),
      hint = 'Deep paging: pass the cursor from "next" as after => instead.';
  end if;
  if octet_length(term) > (pgfirst_private.arg_limits()).term_max_bytes then
    raise exception 'a search term is at most % bytes', (pgfirst_private.arg_limits()).term_max_bytes using errcode = 'PF612',
      detail = pg_catalog.format('term: %s bytes', octet_length(term));
  end if;
  if tenant is null then
    raise exception 'tenant is required (use '''' when the dropdown has no tenants)' using errcode = 'PF608';
  end if;
  select d.id, d.last_refresh_at, d.grouped into v_id, v_as_of, v_grouped
    from pgfirst_private.dropdown d where d.name = dropdown_search.name;
  if not found then
    raise exception 'dropdown "%" is not defined', name using errcode = 'PF601',
      hint = 'Define it with pgfirst.dropdown_define; the defined ones are listed in pgfirst.dropdown_status.';
  end if;
  if after is not null then
    select c.sort_key, c.id, c.rank into v_sort, v_after_id, v_after_rank from pgfirst_private.dropdown_cursor_decode(after) c;
  end if;

  -- Words (issue 16): the term is folded like the view's label_key and haystack (lower case,
  -- no accents, punctuation and spaces -> one space) and split into words; every word must
  -- match, in any order: one of 3+ characters anywhere, a shorter one at the start of a word
  -- (' wo' in the haystack, whose words sit between single spaces). The folded text holds no
  -- LIKE wildcard, so the patterns need no escaping. A term of punctuation only matches nothing.
  v_term := pg_catalog.btrim(coalesce(term, ''));
  if v_term = '' then
    v_mode := 0;
  else
    v_mode := 2;
    v_term := pgfirst_private.dropdown_fold(v_term);
    if v_term = '' then
      return pg_catalog.jsonb_build_object('results', '[]'::jsonb, 'pagination', pg_catalog.jsonb_build_object('more', false),
                                           'as_of', v_as_of, 'next', null);
    end if;
    -- longest words first: the first two drive the trigram index
    select pg_catalog.array_agg(case when pg_catalog.length(w.w) >= 3 then '%' || w.w || '%' else '% ' || w.w || '%' end
                                order by pg_catalog.length(w.w) desc, w.w),
           pg_catalog.array_agg('% ' || w.w || '%' order by w.w)
      into v_like, v_starts
      from (select distinct x.w from pg_catalog.unnest(pg_catalog.string_to_array(v_term, ' ')) x(w)) w;
    v_after_rank := coalesce(v_after_rank, 0);
  end if;

  -- one more row than the page tells whether there is a next page (no COUNT)
  if not v_grouped then
    -- built as json (text, no per-object key sorting), cast to jsonb once
    select pg_catalog.json_build_object(
             'results', coalesce(pg_catalog.json_agg(pg_catalog.json_build_object('id', x.r_id, 'text', x.r_text)
                                   order by x.n) filter (where x.n <= page_size), '[]'::json),
             'pagination', pg_catalog.json_build_object('more', pg_catalog.count(*) > page_size),
             'as_of', v_as_of,
             'next', case when pg_catalog.count(*) > page_size then
                       pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
                         (pg_catalog.array_agg(case when x.r_rank is null then pg_catalog.jsonb_build_array(x.r_sort_key, x.r_id)
                                                    else pg_catalog.jsonb_build_array(x.r_sort_key, x.r_id, x.r_rank) end)
                           filter (where x.n = page_size))[1]::text,
                         'UTF8'), 'base64'), E'+/=\n', '-_')
                     end)::jsonb
      into v_result
      from pgfirst_private.dropdown_dispatch(v_id, tenant, v_term, v_mode, page_size + 1,
             case when after is null then (page - 1) * page_size else 0 end, v_sort, v_after_id, v_like, v_starts,
             v_after_rank, v_term || pg_catalog.chr(1114111), v_like[3:])
           with ordinality as x(r_id, r_text, r_sort_key, r_group, r_rank, n);
    return v_result;
  end if;

  -- grouped: consecutive rows with the same group_label form one Select2 group
  with r as (
    select x.r_id as id, x.r_text as text, x.r_sort_key as sort_key, x.r_group as grp, x.r_rank as rank, x.n
      from pgfirst_private.dropdown_dispatch(v_id, tenant, v_term, v_mode, page_size + 1,
             case when after is null then (page - 1) * page_size else 0 end, v_sort, v_after_id, v_like, v_starts,
             v_after_rank, v_term || pg_catalog.chr(1114111), v_like[3:])
           with ordinality as x(r_id, r_text, r_sort_key, r_group, r_rank, n)
  ),
  pg as (
    select r.*, case when r.grp is null then r.n
                     else r.n - pg_catalog.row_number() over (partition by r.grp order by r.n) end as island
      from r where r.n <= page_size
  ),
  items as (
    select pg_catalog.min(pg.n) as first_n, pg.grp,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', pg.id, 'text', pg.text) order by pg.n) as children
      from pg group by pg.grp, pg.island
  )
  select pg_catalog.jsonb_build_object(
           'results', coalesce((select pg_catalog.jsonb_agg(
                                   case when i.grp is null then i.children -> 0
                                        else pg_catalog.jsonb_build_object('text', i.grp, 'children', i.children) end
                                   order by i.first_n) from items i), '[]'::jsonb),
           'pagination', pg_catalog.jsonb_build_object('more', exists (select from r where r.n > page_size)),
           'as_of', v_as_of,
           'next', (select pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
                             case when l.rank is null then pg_catalog.jsonb_build_array(l.sort_key, l.id)
                                  else pg_catalog.jsonb_build_array(l.sort_key, l.id, l.rank) end::text, 'UTF8'), 'base64'), E'+/=\n', '-_')
                      from r l where l.n = page_size and exists (select from r where r.n > page_size)))
    into v_result;
  return v_result;
end;
$$;

comment on function pgfirst.dropdown_search(text, text, text, integer, integer, text) is
  'Select2 AJAX page of dropdown <name> for one tenant: {"results":[{"id","text"}] (or groups with "children"), "pagination":{"more"}, "as_of": refresh time, "next": keyset cursor for after}. Every word of the term must match the label or search text (any order; case, accents and punctuation ignored; 3+ character words anywhere, shorter ones at a word start); exact and prefix label matches rank first; no COUNT. One statement, static plans.';
revoke all on function pgfirst.dropdown_search(text, text, text, integer, integer, text) from public;
grant execute on function pgfirst.dropdown_search(text, text, text, integer, integer, text) to pgfirst_app;
