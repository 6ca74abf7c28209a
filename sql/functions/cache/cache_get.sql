create or replace function pgfirst.cache_get(
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
declare
  v_ok boolean := pgfirst_private.cache_check(cache_get.namespace, cache_get.tenant, array[cache_get.key]);
  v_value jsonb;
begin
  select e.value into v_value
    from pgfirst_private.cache_entry e
   where e.tenant = cache_get.tenant
     and e.namespace = cache_get.namespace
     and e.key = cache_get.key
     and (e.expires_at is null or e.expires_at > coalesce(cache_get.now, pg_catalog.now()));
  v_ok := pgfirst_private.cache_stat_sample(cache_get.namespace, cache_get.tenant,
                                            (v_value is not null)::int, (v_value is null)::int);
  return v_value;
end;
$$;

comment on function pgfirst.cache_get(text, text, text, timestamptz) is
  'The live value of (tenant, namespace, key), or null when missing or expired (Redis GET). Never deletes; one primary-key lookup; records a sampled hit/miss.';
revoke all on function pgfirst.cache_get(text, text, text, timestamptz) from public;
grant execute on function pgfirst.cache_get(text, text, text, timestamptz) to pgfirst_app;
