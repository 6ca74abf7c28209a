-- Retry delay after failed attempt number `attempt` of job `id`:
--   base   = least(job.backoff_max, job.backoff_base * 2^(attempt - 1))
--   f      = (hashtext(id || ':' || attempt) & 65535) / 65535.0        -- in [0, 1]
--   delay  = base * (1 - jitter / 2 + jitter * f)                       -- jitter = job.backoff_jitter
-- The jitter is deterministic per (job, attempt): spread across jobs (no thundering herd
-- after an outage), reproducible in tests that pin `now`.
create or replace function pgfirst_private.job_backoff(id bigint, attempt integer)
returns interval
language sql
stable
called on null input
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  -- the doubling is compared in seconds first: base * 2^40 overflows interval for a base
  -- of a day or more, so the interval product is only formed when it is below the cap
  select case when pg_catalog.date_part('epoch', s.base) * pg_catalog.power(2::float8, s.e)
                   >= pg_catalog.date_part('epoch', s.max)
              then s.max
              else least(s.max, s.base * pg_catalog.power(2::float8, s.e)) end
         * (1 - s.j / 2 + s.j * ((pg_catalog.hashtext(id::text || ':' || attempt::text) & 65535) / 65535.0)::float8)
    from (select (pgfirst_private.setting_value('job.backoff_jitter') #>> '{}')::float8 as j,
                 pgfirst_private.setting_interval('job.backoff_base') as base,
                 pgfirst_private.setting_interval('job.backoff_max') as max,
                 least(greatest(attempt, 1) - 1, 40) as e) s
$$;

comment on function pgfirst_private.job_backoff(bigint, integer) is
  'Internal: exponential retry delay with deterministic per-(job, attempt) jitter; formula in docs/jobs.md.';
revoke all on function pgfirst_private.job_backoff(bigint, integer) from public;
