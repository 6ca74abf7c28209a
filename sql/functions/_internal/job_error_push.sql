-- Appends one error entry to a job's history and keeps only the last job.error_history.
create or replace function pgfirst_private.job_error_push(errors jsonb, entry jsonb)
returns jsonb
language sql
stable
called on null input
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(pg_catalog.jsonb_agg(e.value order by e.ordinality), '[]'::jsonb)
    from pg_catalog.jsonb_array_elements(coalesce(errors, '[]'::jsonb) || pg_catalog.jsonb_build_array(entry))
         with ordinality e
   where e.ordinality > pg_catalog.jsonb_array_length(coalesce(errors, '[]'::jsonb)) + 1
                        - greatest(pgfirst_private.setting_int('job.error_history'), 1)
$$;

comment on function pgfirst_private.job_error_push(jsonb, jsonb) is
  'Internal: error history with one more entry, bounded to the job.error_history setting.';
revoke all on function pgfirst_private.job_error_push(jsonb, jsonb) from public;
