create or replace function pgfirst.dropdown_lookup(name text, tenant text, ids text[])
returns table(id text, text text)
language plpgsql
stable
security definer -- reads the dropdown views, which application roles cannot read: the tenant filter is enforced here
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id integer;
begin
  if tenant is null then
    raise exception 'tenant is required (use '''' when the dropdown has no tenants)' using errcode = 'PF608';
  end if;
  if pg_catalog.cardinality(ids) > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'dropdown_lookup takes at most % ids', (pgfirst_private.arg_limits()).batch_max using errcode = 'PF613',
      detail = pg_catalog.format('%s ids', pg_catalog.cardinality(ids));
  end if;
  select d.id into v_id from pgfirst_private.dropdown d where d.name = dropdown_lookup.name;
  if not found then
    raise exception 'dropdown "%" is not defined', name using errcode = 'PF601',
      hint = 'Define it with pgfirst.dropdown_define; the defined ones are listed in pgfirst.dropdown_status.';
  end if;
  if ids is null or pg_catalog.cardinality(ids) = 0 then
    return;
  end if;
  -- in the order asked for; unknown ids (or other tenants' ids) are simply absent
  return query
    select x.r_id, x.r_text
      from pgfirst_private.dropdown_dispatch(v_id, dropdown_lookup.tenant, null, 3, null, null, null, null, ids, null, null, null, null) x
      join lateral (select pg_catalog.min(o.n) as n
                      from pg_catalog.unnest(ids) with ordinality as o(v, n) where o.v = x.r_id) o on true
     order by o.n;
end;
$$;

comment on function pgfirst.dropdown_lookup(text, text, text[]) is
  'Labels of preselected values: (id, text) for the given ids of one tenant, in the order given; ids that do not exist for that tenant are absent.';
revoke all on function pgfirst.dropdown_lookup(text, text, text[]) from public;
grant execute on function pgfirst.dropdown_lookup(text, text, text[]) to pgfirst_app;
