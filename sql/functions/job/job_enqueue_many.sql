create or replace function pgfirst.job_enqueue_many(jobs jsonb)
returns setof bigint
language plpgsql
volatile
called on null input
parallel unsafe
security definer -- writes pgfirst_private.job
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_now timestamptz := pg_catalog.now();
  v_bad record;
  v_ids bigint[];
  v_keyed record;
  v_n integer;
  v_queues text[];
  v_keyed_count bigint;
begin
  if jobs is null or pg_catalog.jsonb_typeof(jobs) <> 'array' then
    raise exception 'jobs must be a JSON array of job objects' using errcode = 'PF405',
      detail = pg_catalog.format('jobs was of type %s.', coalesce(pg_catalog.jsonb_typeof(jobs), 'null'));
  end if;
  v_n := pg_catalog.jsonb_array_length(jobs);
  if v_n = 0 then
    return;
  end if;
  if v_n > (pgfirst_private.arg_limits()).batch_max then
    raise exception 'job_enqueue_many takes at most % jobs per call', (pgfirst_private.arg_limits()).batch_max
      using errcode = 'PF415',
            detail = pg_catalog.format('jobs has %s elements.', v_n),
            hint = 'Split the batch.';
  end if;

  -- Shape check, set-based: report the first offending element (1-based) by its rule.
  select x.ord, x.problem into v_bad
    from (select e.ordinality as ord,
                 case
                   when pg_catalog.jsonb_typeof(e.value) <> 'object' then 'PF405:element is not an object'
                   when (e.value - array['task', 'payload', 'queue', 'run_at', 'priority', 'max_attempts',
                                         'job_key', 'job_key_mode', 'tenant', 'now',
                                         'depends_on', 'on_dependency_failure', 'concurrency_key',
                                         'sequence_key', 'max_run_time', 'unique_for']) <> '{}'::jsonb
                     then 'PF405:unknown field'
                   when pg_catalog.jsonb_typeof(e.value -> 'task') is distinct from 'string' or e.value ->> 'task' = ''
                     then 'PF401:task missing or empty'
                   when pg_catalog.jsonb_typeof(e.value -> 'queue') not in ('string', 'null') then 'PF405:queue is not a string'
                   when e.value ->> 'queue' = '' then 'PF406:queue is empty'
                   when pg_catalog.jsonb_typeof(e.value -> 'run_at') not in ('string', 'null') then 'PF405:run_at is not a string'
                   when pg_catalog.jsonb_typeof(e.value -> 'now') not in ('string', 'null') then 'PF405:now is not a string'
                   when pg_catalog.jsonb_typeof(e.value -> 'priority') not in ('number', 'null')
                     or (e.value ->> 'priority') !~ '^-?[0-9]{1,9}$' then 'PF405:priority is not an integer'
                   when pg_catalog.jsonb_typeof(e.value -> 'max_attempts') not in ('number', 'null')
                     or (e.value ->> 'max_attempts') !~ '^-?[0-9]{1,9}$' then 'PF405:max_attempts is not an integer'
                   when (e.value ->> 'max_attempts')::integer < 1 then 'PF403:max_attempts below 1'
                   when pg_catalog.jsonb_typeof(e.value -> 'job_key') not in ('string', 'null') then 'PF405:job_key is not a string'
                   when e.value ->> 'job_key' = '' then 'PF411:job_key is empty'
                   when pg_catalog.jsonb_typeof(e.value -> 'job_key_mode') not in ('string', 'null') then 'PF405:job_key_mode is not a string'
                   when (e.value ->> 'job_key_mode') not in ('replace', 'preserve_run_at', 'keep') then 'PF402:unknown job_key_mode'
                   when pg_catalog.jsonb_typeof(e.value -> 'tenant') not in ('string', 'null') then 'PF405:tenant is not a string'
                   when pg_catalog.jsonb_typeof(e.value -> 'depends_on') not in ('array', 'null')
                     or pg_catalog.jsonb_path_exists(e.value, '$.depends_on[*] ? (@.type() != "number" && @.type() != "string")')
                     then 'PF405:depends_on is not an array of job ids'
                   when pg_catalog.jsonb_typeof(e.value -> 'on_dependency_failure') not in ('string', 'null') then 'PF405:on_dependency_failure is not a string'
                   when pg_catalog.jsonb_typeof(e.value -> 'concurrency_key') not in ('string', 'null')
                     or pg_catalog.jsonb_typeof(e.value -> 'sequence_key') not in ('string', 'null')
                     or pg_catalog.jsonb_typeof(e.value -> 'max_run_time') not in ('string', 'null')
                     or pg_catalog.jsonb_typeof(e.value -> 'unique_for') not in ('string', 'null')
                     then 'PF405:concurrency_key, sequence_key, max_run_time or unique_for is not a string'
                   when e.value ->> 'concurrency_key' = '' or e.value ->> 'sequence_key' = ''
                     or octet_length(e.value ->> 'concurrency_key') > (pgfirst_private.arg_limits()).job_key_max_bytes
                     or octet_length(e.value ->> 'sequence_key') > (pgfirst_private.arg_limits()).job_key_max_bytes
                     then 'PF444:concurrency_key or sequence_key empty or too long'
                   when e.value ->> 'unique_for' is not null and e.value ->> 'job_key' is null
                     then 'PF443:unique_for needs a job_key'
                   when octet_length(e.value ->> 'task') > (pgfirst_private.arg_limits()).name_max_bytes
                     or octet_length(e.value ->> 'queue') > (pgfirst_private.arg_limits()).name_max_bytes
                     or octet_length(e.value ->> 'job_key') > (pgfirst_private.arg_limits()).job_key_max_bytes
                     or octet_length(e.value ->> 'tenant') > (pgfirst_private.arg_limits()).tenant_max_bytes
                     then 'PF416:task, queue, job_key or tenant too long'
                   when pg_catalog.pg_column_size(e.value -> 'payload') > (pgfirst_private.arg_limits()).payload_max_bytes
                     then 'PF414:payload too large'
                 end as problem
            from pg_catalog.jsonb_array_elements(jobs) with ordinality e) x
   where x.problem is not null
   order by x.ord
   limit 1;
  if found then
    raise exception 'jobs element % is invalid: %', v_bad.ord, pg_catalog.split_part(v_bad.problem, ':', 2)
      using errcode = pg_catalog.split_part(v_bad.problem, ':', 1),
            detail = pg_catalog.format('Element %s of the jobs array.', v_bad.ord),
            hint = 'Each element is an object with task (required) and optionally payload, queue, run_at, priority, max_attempts, job_key, job_key_mode, tenant, now, depends_on, on_dependency_failure, concurrency_key, sequence_key, max_run_time, unique_for.';
  end if;

  -- Timestamps: finite, years 1..9999 (PF006), as for job_enqueue. A separate pass because
  -- the cast itself may fail (PF405), which the shape check above must not raise.
  if pg_catalog.jsonb_path_exists(jobs, '$[*] ? (exists (@.run_at) || exists (@.now))') then
    begin
      select x.ord, x.arg, x.ts into v_bad
        from (select e.ordinality as ord, a.arg, (e.value ->> a.arg)::timestamptz as ts
                from pg_catalog.jsonb_array_elements(jobs) with ordinality e,
                     (values ('run_at'), ('now')) a(arg)) x
       where not pgfirst_private.arg_time_ok(x.ts)
       order by x.ord
       limit 1;
    exception
      when invalid_datetime_format or datetime_field_overflow then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'run_at and now must be ISO 8601 timestamps; priority and max_attempts integers.';
    end;
    if found then
      perform pgfirst_private.arg_time(v_bad.ts, pg_catalog.format('jobs element %s: %s', v_bad.ord, v_bad.arg));
    end if;
  end if;

  -- Intervals (max_run_time, unique_for): positive, at most 100 years; a separate pass, as
  -- the cast may fail (PF405).
  if pg_catalog.jsonb_path_exists(jobs, '$[*] ? (exists (@.max_run_time) || exists (@.unique_for))') then
    begin
      select x.ord, x.arg, x.iv into v_bad
        from (select e.ordinality as ord, a.arg, (e.value ->> a.arg)::interval as iv
                from pg_catalog.jsonb_array_elements(jobs) with ordinality e,
                     (values ('max_run_time'), ('unique_for')) a(arg)) x
       where x.iv <= interval '0' or x.iv > (pgfirst_private.arg_limits()).interval_max
       order by x.ord
       limit 1;
    exception
      when invalid_datetime_format or datetime_field_overflow or interval_field_overflow then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'max_run_time and unique_for must be intervals such as ''5 minutes''.';
    end;
    if found then
      raise exception 'jobs element %: % must be a positive interval of at most %', v_bad.ord, v_bad.arg,
        (pgfirst_private.arg_limits()).interval_max
        using errcode = case v_bad.arg when 'max_run_time' then 'PF442' else 'PF443' end;
    end if;
  end if;

  -- Jobs with dependencies (rare in batches; workflow_enqueue builds whole DAGs): one
  -- job_enqueue per element, in input order, so the rules are exactly job_enqueue's.
  if pg_catalog.jsonb_path_exists(jobs, '$[*].depends_on ? (@ != null)') then
    begin
      return query
        select pgfirst.job_enqueue(
                 task => e.value ->> 'task', payload => coalesce(e.value -> 'payload', '{}'),
                 queue => coalesce(e.value ->> 'queue', 'default'),
                 run_at => (e.value ->> 'run_at')::timestamptz,
                 priority => coalesce((e.value ->> 'priority')::integer, 0),
                 max_attempts => coalesce((e.value ->> 'max_attempts')::integer, 25),
                 job_key => e.value ->> 'job_key', job_key_mode => coalesce(e.value ->> 'job_key_mode', 'replace'),
                 tenant => coalesce(e.value ->> 'tenant', ''), now => coalesce((e.value ->> 'now')::timestamptz, v_now),
                 depends_on => (select pg_catalog.array_agg(d.value::bigint order by d.ordinality)
                                  from pg_catalog.jsonb_array_elements_text(e.value -> 'depends_on') with ordinality d),
                 on_dependency_failure => coalesce(e.value ->> 'on_dependency_failure', 'fail'),
                 concurrency_key => e.value ->> 'concurrency_key', sequence_key => e.value ->> 'sequence_key',
                 max_run_time => (e.value ->> 'max_run_time')::interval, unique_for => (e.value ->> 'unique_for')::interval)
          from pg_catalog.jsonb_array_elements(jobs) with ordinality e
         order by e.ordinality;
    exception
      when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
        or numeric_value_out_of_range then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'run_at and now must be ISO 8601 timestamps; priority, max_attempts and depends_on ids integers.';
    end;
    return;
  end if;

  if not pg_catalog.jsonb_path_exists(jobs, '$[*].job_key ? (@ != null)') then
    -- The common case, no job_key anywhere: one INSERT in input order (ids ascend with it).
    begin
      with ins as (
        insert into pgfirst_private.job
          (tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
           concurrency_key, sequence_key, max_run_time, fair_key)
        select coalesce(e.value ->> 'tenant', ''),
               coalesce(e.value ->> 'queue', 'default'),
               e.value ->> 'task',
               coalesce(e.value -> 'payload', '{}'),
               coalesce((e.value ->> 'priority')::integer, 0),
               coalesce((e.value ->> 'run_at')::timestamptz, (e.value ->> 'now')::timestamptz, v_now),
               coalesce((e.value ->> 'max_attempts')::integer, 25),
               coalesce((e.value ->> 'now')::timestamptz, v_now),
               coalesce((e.value ->> 'now')::timestamptz, v_now),
               e.value ->> 'concurrency_key',
               e.value ->> 'sequence_key',
               (e.value ->> 'max_run_time')::interval,
               case when q.queue is not null then coalesce(e.value ->> 'concurrency_key', e.value ->> 'tenant', '') end
          from pg_catalog.jsonb_array_elements(jobs) with ordinality e
          left join pgfirst_private.job_queue q
            on q.queue = coalesce(e.value ->> 'queue', 'default') and (q.fair or q.key_concurrency is not null)
         order by e.ordinality
        returning pgfirst_private.job.id, pgfirst_private.job.queue, pgfirst_private.job.run_at,
                  pgfirst_private.job.created_at
      )
      select pg_catalog.array_agg(ins.id order by ins.id),
             pg_catalog.array_agg(distinct ins.queue) filter (where ins.run_at <= ins.created_at)
        into v_ids, v_queues
        from ins;
    exception
      when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
        or numeric_value_out_of_range then
        raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
          hint = 'run_at and now must be ISO 8601 timestamps; priority and max_attempts integers.';
    end;
    perform pgfirst_private.job_notify(q) from pg_catalog.unnest(v_queues) q;
    return query select i from pg_catalog.unnest(v_ids) i;
    return;
  end if;

  begin
    -- Mixed batch. Unkeyed jobs: one INSERT; ids drawn in input order (FIFO among equal run_at).
    with parsed as (
      select e.ordinality as ord, e.value as v
        from pg_catalog.jsonb_array_elements(jobs) with ordinality e
    ), numbered as (
      select p.ord, p.v, pg_catalog.nextval('pgfirst_private.job_id_seq') as id
        from (select * from parsed where parsed.v ->> 'job_key' is null order by parsed.ord) p
    ), ins as (
      insert into pgfirst_private.job
        (id, tenant, queue, task, payload, priority, run_at, max_attempts, created_at, updated_at,
         concurrency_key, sequence_key, max_run_time, fair_key)
      select n.id,
             coalesce(n.v ->> 'tenant', ''),
             coalesce(n.v ->> 'queue', 'default'),
             n.v ->> 'task',
             coalesce(n.v -> 'payload', '{}'),
             coalesce((n.v ->> 'priority')::integer, 0),
             coalesce((n.v ->> 'run_at')::timestamptz, (n.v ->> 'now')::timestamptz, v_now),
             coalesce((n.v ->> 'max_attempts')::integer, 25),
             coalesce((n.v ->> 'now')::timestamptz, v_now),
             coalesce((n.v ->> 'now')::timestamptz, v_now),
             n.v ->> 'concurrency_key',
             n.v ->> 'sequence_key',
             (n.v ->> 'max_run_time')::interval,
             case when q.queue is not null then coalesce(n.v ->> 'concurrency_key', n.v ->> 'tenant', '') end
        from numbered n
        left join pgfirst_private.job_queue q
          on q.queue = coalesce(n.v ->> 'queue', 'default') and (q.fair or q.key_concurrency is not null)
      returning pgfirst_private.job.queue, pgfirst_private.job.run_at, pgfirst_private.job.created_at
    )
    select (select pg_catalog.array_agg(n.id order by n.ord) from numbered n),
           (select pg_catalog.array_agg(distinct ins.queue) from ins where ins.run_at <= ins.created_at),
           (select count(*) from parsed where parsed.v ->> 'job_key' is not null)
      into v_ids, v_queues, v_keyed_count;
    -- Wake idle workers: one notification per ready queue.
    perform pgfirst_private.job_notify(q) from pg_catalog.unnest(v_queues) q;
  exception
    when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
      or numeric_value_out_of_range then
      raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405',
        hint = 'run_at and now must be ISO 8601 timestamps; priority and max_attempts integers.';
  end;

  -- Output in input order: unkeyed ids, and keyed jobs (dedup needs the upsert per key).
  declare
    v_pos integer := 0;
    v_kid bigint;
    v_existing bigint;
  begin
    for v_keyed in
      select e.ordinality as ord, e.value as v
        from pg_catalog.jsonb_array_elements(jobs) with ordinality e
       order by e.ordinality
    loop
      if v_keyed.v ->> 'job_key' is null then
        v_pos := v_pos + 1;
        return next v_ids[v_pos];
      else
        begin
          v_existing := null;
          if v_keyed.v ->> 'job_key_mode' = 'keep' then
            select j.id into v_existing
              from pgfirst_private.job j
             where j.tenant = coalesce(v_keyed.v ->> 'tenant', '') and j.job_key = v_keyed.v ->> 'job_key';
          end if;
          v_kid := pgfirst_private.job_enqueue_keyed(
            v_keyed.v ->> 'task', coalesce(v_keyed.v -> 'payload', '{}'),
            coalesce(v_keyed.v ->> 'queue', 'default'),
            coalesce((v_keyed.v ->> 'run_at')::timestamptz, (v_keyed.v ->> 'now')::timestamptz, v_now),
            coalesce((v_keyed.v ->> 'priority')::integer, 0),
            coalesce((v_keyed.v ->> 'max_attempts')::integer, 25),
            v_keyed.v ->> 'job_key', coalesce(v_keyed.v ->> 'job_key_mode', 'replace'),
            coalesce(v_keyed.v ->> 'tenant', ''), coalesce((v_keyed.v ->> 'now')::timestamptz, v_now));
          v_kid := pgfirst_private.job_enqueue_flow(v_kid, v_keyed.v ->> 'concurrency_key', v_keyed.v ->> 'sequence_key',
            (v_keyed.v ->> 'max_run_time')::interval, (v_keyed.v ->> 'unique_for')::interval,
            coalesce((v_keyed.v ->> 'now')::timestamptz, v_now), v_existing);
        exception
          when invalid_datetime_format or datetime_field_overflow or invalid_text_representation
            or numeric_value_out_of_range then
            raise exception 'jobs contains a malformed value: %', sqlerrm using errcode = 'PF405';
        end;
        if coalesce((v_keyed.v ->> 'run_at')::timestamptz, v_now) <= coalesce((v_keyed.v ->> 'now')::timestamptz, v_now) then
          perform pgfirst_private.job_notify(coalesce(v_keyed.v ->> 'queue', 'default'));
        end if;
        return next v_kid;
      end if;
    end loop;
  end;
  return;
end;
$$;

comment on function pgfirst.job_enqueue_many(jsonb) is
  'Enqueues a JSON array of jobs (fields as job_enqueue, including depends_on and on_dependency_failure, plus optional now) and returns their ids in input order. Unkeyed jobs go in one INSERT; keyed jobs are deduplicated as in job_enqueue. All or nothing; one NOTIFY per ready queue.';
revoke all on function pgfirst.job_enqueue_many(jsonb) from public;
grant execute on function pgfirst.job_enqueue_many(jsonb) to pgfirst_app;
