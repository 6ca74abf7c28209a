-- The filters shared by job_list, job_retry_many and job_cancel_many: refuses a state the
-- caller does not accept (PF417), over-long queue/task/tenant texts (PF420: they are only
-- compared, never interpolated, but a megabyte filter is a mistake or an attack), out of
-- range timestamps (PF006) and a size outside 1..max_size (PF418).
create or replace function pgfirst_private.job_filter_check(
  state text,
  states text[],
  queue text,
  task text,
  tenant text,
  since timestamptz,
  until timestamptz,
  size integer,
  size_name text,
  max_size integer
)
returns void
language plpgsql
immutable
called on null input
parallel safe
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if state is not null and not (state = any (states)) then
    raise exception 'state must be one of %', pg_catalog.array_to_string(states, ', ')
      using errcode = 'PF417', detail = pg_catalog.format('state was %L.', state);
  end if;
  if octet_length(queue) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(task) > (pgfirst_private.arg_limits()).name_max_bytes
     or octet_length(tenant) > (pgfirst_private.arg_limits()).tenant_max_bytes then
    raise exception 'queue and task filters are at most % bytes, tenant % bytes',
      (pgfirst_private.arg_limits()).name_max_bytes, (pgfirst_private.arg_limits()).tenant_max_bytes
      using errcode = 'PF420',
            detail = pg_catalog.format('queue %s, task %s, tenant %s bytes.', octet_length(queue),
                                       octet_length(task), octet_length(tenant));
  end if;
  perform pgfirst_private.arg_time(since, 'since');
  perform pgfirst_private.arg_time(until, 'until');
  if size is null or size < 1 or size > max_size then
    raise exception '% must be between 1 and %', size_name, max_size
      using errcode = 'PF418', detail = pg_catalog.format('%s was %s.', size_name, coalesce(size::text, 'null'));
  end if;
end;
$$;

comment on function pgfirst_private.job_filter_check(text, text[], text, text, text, timestamptz, timestamptz, integer, text, integer) is
  'Internal: validates the job filters of job_list, job_retry_many and job_cancel_many (PF417 state, PF420 text sizes, PF006 timestamps, PF418 page or batch size).';
revoke all on function pgfirst_private.job_filter_check(text, text[], text, text, text, timestamptz, timestamptz, integer, text, integer) from public;
