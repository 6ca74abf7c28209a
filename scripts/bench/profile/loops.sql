-- Server time per call: N calls in one DO block (no round trips, no protocol), minus nothing.
-- Run 3 times interleaved; read the minimum. psql -f scripts/bench/profile/loops.sql
\set ON_ERROR_STOP 1
set client_min_messages = notice;
do $$
declare
  n int := 20000;
  t0 timestamptz; v jsonb; r record; i int; b boolean; x int; tok text[];
  res jsonb := '{}';
  rep int;
  ks text[];
  per numeric;
  label text;
  labels text[] := array['loop only','select 1','noop plpgsql','noop plpgsql definer+setpath','noop sql (inlined)','noop sql setpath','noop sql definer',
    'inline SELECT cache_entry','inline SELECT naive table','cache_get (current)','sql definer setpath','sql definer no setpath','sql invoker (inlined)','plpgsql thin',
    'session_get','rate_limit_hit','cache_get_many(100) (per call)','inline MGET(100) (per call)'];
begin
  select array_agg(t.token order by t.i) into tok from pgfirst_prof.token t;
  for rep in 1..3 loop
    foreach label in array labels loop
      t0 := clock_timestamp();
      case label
        when 'loop only' then for i in 1..n loop x := i; end loop;
        when 'select 1' then for i in 1..n loop select 1 into x; end loop;
        when 'noop plpgsql' then for i in 1..n loop x := pgfirst_prof.noop_plpgsql(); end loop;
        when 'noop plpgsql definer+setpath' then for i in 1..n loop x := pgfirst_prof.noop_plpgsql_definer_setpath(); end loop;
        when 'noop sql (inlined)' then for i in 1..n loop x := pgfirst_prof.noop_sql(); end loop;
        when 'noop sql setpath' then for i in 1..n loop x := pgfirst_prof.noop_sql_setpath(); end loop;
        when 'noop sql definer' then for i in 1..n loop x := pgfirst_prof.noop_sql_definer(); end loop;
        when 'inline SELECT cache_entry' then for i in 1..n loop
            select e.value into v from pgfirst_private.cache_entry e where e.tenant = '' and e.namespace = 'bench' and e.key = 'user:' || (i % 100000)
               and (e.expires_at is null or e.expires_at > now()); end loop;
        when 'inline SELECT naive table' then for i in 1..n loop
            select e.value into v from pgfirst_prof.naive_cache e where e.key = 'user:' || (i % 100000) and (e.expires_at is null or e.expires_at > now()); end loop;
        when 'cache_get (current)' then for i in 1..n loop v := pgfirst.cache_get('bench', 'user:' || (i % 100000)); end loop;
        when 'sql definer setpath' then for i in 1..n loop v := pgfirst_prof.get_sql_definer_setpath('bench', 'user:' || (i % 100000)); end loop;
        when 'sql definer no setpath' then for i in 1..n loop v := pgfirst_prof.get_sql_definer('bench', 'user:' || (i % 100000)); end loop;
        when 'sql invoker (inlined)' then for i in 1..n loop v := pgfirst_prof.get_sql_invoker('bench', 'user:' || (i % 100000)); end loop;
        when 'plpgsql thin' then for i in 1..n loop v := pgfirst_prof.get_plpgsql_plain('bench', 'user:' || (i % 100000)); end loop;
        when 'session_get' then for i in 1..n loop select * into r from pgfirst.session_get(tok[1 + i % 1000]); end loop;
        when 'rate_limit_hit' then for i in 1..n loop select * into r from pgfirst.rate_limit_hit('k' || (i % 1000), 1000000, '1 hour'); end loop;
        when 'cache_get_many(100) (per call)' then for i in 1..n / 50 loop
            ks := array(select 'user:' || ((i * 100 + j) % 100000) from generate_series(1, 100) j);
            perform count(*) from pgfirst.cache_get_many('bench', ks); end loop;
        when 'inline MGET(100) (per call)' then for i in 1..n / 50 loop
            ks := array(select 'user:' || ((i * 100 + j) % 100000) from generate_series(1, 100) j);
            perform count(*) from pgfirst_private.cache_entry e where e.tenant = '' and e.namespace = 'bench' and e.key = any (ks)
               and (e.expires_at is null or e.expires_at > now()); end loop;
      end case;
      per := extract(epoch from clock_timestamp() - t0) * 1e6 / (case when label like '%(100)%' then n / 50 else n end);
      res := jsonb_set(res, array[label], to_jsonb(least(coalesce((res ->> label)::numeric, 1e9), round(per, 2))));
    end loop;
  end loop;
  foreach label in array labels loop raise notice '% µs  %', lpad(res ->> label, 8), label; end loop;
end $$;
