-- Core checks; later modules replace this function with one that adds their own rows.
create or replace function pgfirst.health(now timestamptz default null)
returns table("check" text, status text, value numeric, detail text)
language sql
stable
security definer -- reads pgfirst_private and graphile-migrate bookkeeping
set search_path = pg_catalog, pg_temp
as $$
  select 'schema_version', case when v is null then 'crit' else 'ok' end,
         v::numeric, coalesce('pgfirst schema ' || v, 'no pgfirst migration recorded')
    from (select pgfirst.version() as v) x
  union all
  select 'roles',
         case when count(r.rolname) = 3 then 'ok' else 'crit' end,
         count(r.rolname),
         case when count(r.rolname) = 3 then 'pgfirst_app, pgfirst_worker, pgfirst_admin present'
              else 'missing: ' || string_agg(want.name, ', ') filter (where r.rolname is null) end
    from unnest(array['pgfirst_app', 'pgfirst_worker', 'pgfirst_admin']) as want(name)
    left join pg_roles r on r.rolname = want.name
  union all
  select 'settings', 'ok', count(*),
         count(*) filter (where s.value is not null) || ' overridden'
    from pgfirst_private.setting s
$$;

comment on function pgfirst.health(timestamptz) is
  'Health checks as rows ("check", status ok|warn|crit, value, detail); read-only, one round trip.';
revoke all on function pgfirst.health(timestamptz) from public;
grant execute on function pgfirst.health(timestamptz) to pgfirst_worker, pgfirst_admin;
