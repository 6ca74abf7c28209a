-- Profile data (psql, superuser, a database with pgfirst installed):
--   psql -f scripts/bench/profile/setup.sql && psql -f scripts/bench/profile/loops.sql
-- 100k cache keys (~200-byte values), 1000 sessions, 1000 rate-limit keys, and
-- variants of the hot functions in schema pgfirst_prof (bench only, never shipped).
\set ON_ERROR_STOP 1
select pgfirst.cache_clear(namespace => 'bench');
select pgfirst.cache_set_many('bench',
         (select jsonb_object_agg('user:' || i, jsonb_build_object('id', i, 'name', 'user ' || i,
                 'email', 'user' || i || '@example.com', 'plan', 'pro', 'flags', '[1,2,3]'::jsonb, 'bio', repeat('x', 120)))
            from generate_series(c * 10000, c * 10000 + 9999) i), ttl => '1 hour')
  from generate_series(0, 9) c;
drop schema if exists pgfirst_prof cascade;
create schema pgfirst_prof;
create table pgfirst_prof.token as
  select i, pgfirst.session_create(user_id => 'u' || i, data => '{"cart": [1,2]}') as token from generate_series(1, 1000) i;
create unlogged table pgfirst_prof.naive_cache (key text primary key, value jsonb not null, expires_at timestamptz);
insert into pgfirst_prof.naive_cache select key, value, expires_at from pgfirst_private.cache_entry where namespace = 'bench';
analyze pgfirst_private.cache_entry; analyze pgfirst_prof.naive_cache; analyze pgfirst_private.session;

-- cache_get variants: same lookup, different wrappers
create function pgfirst_prof.get_sql_definer_setpath(ns text, k text, tenant text default '') returns jsonb
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select e.value from pgfirst_private.cache_entry e
   where e.tenant = $3 and e.namespace = $1 and e.key = $2 and (e.expires_at is null or e.expires_at > pg_catalog.now()) $$;
create function pgfirst_prof.get_sql_definer(ns text, k text, tenant text default '') returns jsonb
language sql stable security definer as $$
  select e.value from pgfirst_private.cache_entry e
   where e.tenant operator(pg_catalog.=) $3 and e.namespace operator(pg_catalog.=) $1 and e.key operator(pg_catalog.=) $2
     and (e.expires_at is null or e.expires_at operator(pg_catalog.>) pg_catalog.now()) $$;
create function pgfirst_prof.get_sql_invoker(ns text, k text, tenant text default '') returns jsonb
language sql stable as $$
  select e.value from pgfirst_private.cache_entry e
   where e.tenant = $3 and e.namespace = $1 and e.key = $2 and (e.expires_at is null or e.expires_at > pg_catalog.now()) $$;
create function pgfirst_prof.get_plpgsql_plain(ns text, k text, tenant text default '') returns jsonb
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
begin
  return (select e.value from pgfirst_private.cache_entry e
   where e.tenant = get_plpgsql_plain.tenant and e.namespace = ns and e.key = k and (e.expires_at is null or e.expires_at > pg_catalog.now()));
end $$;
create function pgfirst_prof.noop_plpgsql_definer_setpath() returns int language plpgsql security definer set search_path = pg_catalog, pg_temp as $$ begin return 1; end $$;
create function pgfirst_prof.noop_plpgsql() returns int language plpgsql as $$ begin return 1; end $$;
create function pgfirst_prof.noop_sql_setpath() returns int language sql set search_path = pg_catalog, pg_temp as $$ select 1 $$;
create function pgfirst_prof.noop_sql_definer() returns int language sql security definer as $$ select 1 $$;
create function pgfirst_prof.noop_sql() returns int language sql as $$ select 1 $$;
create function pgfirst_prof.get_plpgsql_nopath(ns text, k text, tenant text default '') returns jsonb
language plpgsql stable security definer as $$
begin
  return (select e.value from pgfirst_private.cache_entry e
   where e.tenant operator(pg_catalog.=) get_plpgsql_nopath.tenant and e.namespace operator(pg_catalog.=) ns and e.key operator(pg_catalog.=) k
     and (e.expires_at is null or e.expires_at operator(pg_catalog.>) pg_catalog.now()));
end $$;
create function pgfirst_prof.get_plpgsql_invoker(ns text, k text, tenant text default '') returns jsonb
language plpgsql stable as $$
begin
  return (select e.value from pgfirst_private.cache_entry e
   where e.tenant = get_plpgsql_invoker.tenant and e.namespace = ns and e.key = k and (e.expires_at is null or e.expires_at > pg_catalog.now()));
end $$;

-- cache_get without the setting join (sample rate fixed at 0.01): what the rate lookup costs
create or replace function pgfirst_prof.get_norate(
  namespace text,
  key text,
  tenant text default '',
  now timestamptz default null
)
returns jsonb
language plpgsql
volatile -- records a sampled hit/miss (cache.stats_sample_rate)
security definer -- reads pgfirst_private.cache_entry
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_value jsonb;
  v_rate double precision;
  v_ok boolean;
begin
  -- Hot path: the address rules are tested inline (a nested function call costs more than
  -- the lookup); cache_check only runs to raise the right PF error.
  if not (pgfirst_private.cache_address_ok(get_norate.namespace, get_norate.tenant, get_norate.key)
          and pgfirst_private.arg_time_ok(get_norate.now)) then
    v_ok := pgfirst_private.cache_check(get_norate.namespace, get_norate.tenant, array[get_norate.key]);
    perform pgfirst_private.arg_time(get_norate.now, 'now');
  end if;
  -- One statement for the lookup and the stats sample rate.
  v_rate := 0.01;
  select e.value
    into v_value
    from pgfirst_private.cache_entry e
      where e.tenant = get_norate.tenant
     and e.namespace = get_norate.namespace
     and e.key = get_norate.key
     and (e.expires_at is null or e.expires_at > coalesce(get_norate.now, pg_catalog.now()))
  ;
  if pg_catalog.random() < v_rate then
    v_ok := pgfirst_private.cache_stat_sample(get_norate.namespace, get_norate.tenant,
                                              (v_value is not null)::int, (v_value is null)::int, v_rate);
  end if;
  return v_value;
end;
$$;


