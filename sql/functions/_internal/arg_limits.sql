-- The fixed upper bounds on pgfirst's arguments (issue 10): one place, as a row of
-- constants. A `language sql` function without a SET clause, so callers inline it and the
-- planner folds `(pgfirst_private.arg_limits()).interval_max` to a constant: the bounds
-- cost nothing on the hot paths. Its search_path is not pinned on purpose: it names only
-- its own type, schema-qualified (listed in search_path_exempt of 00-api-surface.test.sql).
-- Bounds are not settings: they protect the arithmetic and the indexes, whatever an
-- operator configures. The per-module docs list them (argument -> bound -> PF code).
create or replace function pgfirst_private.arg_limits()
returns pgfirst_private.arg_limits
language sql
immutable
parallel safe
as $$
  select row(
    interval '100 years',                     -- interval_max: timeouts, TTLs, leases, periods, delays
    timestamptz '0001-01-01 00:00:00+00',     -- time_min: earliest accepted timestamp argument
    timestamptz '10000-01-01 00:00:00+00',    -- time_max: timestamps must be before this
    10000,                                    -- batch_max: rows/keys/ids/entries per call
    1000,                                     -- claim_max: job_claim max_jobs
    200,                                      -- name_max_bytes: job task and queue names
    512,                                      -- job_key_max_bytes
    256,                                      -- tenant_max_bytes
    512,                                      -- user_id_max_bytes (sessions)
    512,                                      -- username_max_bytes (login throttling)
    8388608,                                  -- payload_max_bytes: job payload, jsonb datum (8 MiB)
    16384,                                    -- error_max_chars: job_fail error text kept
    10000,                                    -- page_max: dropdown_search page
    1000                                      -- term_max_bytes: dropdown_search term
  )::pgfirst_private.arg_limits
$$;

comment on function pgfirst_private.arg_limits() is
  'Internal, inlined: the fixed upper bounds on arguments (intervals, timestamps, batch sizes, name/key/tenant/payload sizes) as one row of constants.';
revoke all on function pgfirst_private.arg_limits() from public;
