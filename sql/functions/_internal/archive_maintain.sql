-- Archive partitions: creates the daily partitions for today .. today + archive.days_ahead
-- (UTC) and detaches + drops every partition whose whole day is older than the longest
-- keep_finished of any queue. Serialised by a row lock on pgfirst_private.lock_slot (archive_maintain): a second
-- concurrent caller skips this part (reports "skipped") instead of queueing behind DDL.
-- Rows that landed in the default partition (maintenance down for days) are removed in
-- bounded batches once past retention; a day that has rows in the default partition gets
-- no partition of its own (PostgreSQL would refuse it).
-- Partition DDL needs an ACCESS EXCLUSIVE lock on job_archive. Waiting for it behind a long
-- reader would queue every job completion and job_get behind the waiting DDL, so each DDL
-- statement waits at most archive.lock_timeout; on timeout it is skipped (reported under
-- "deferred") and retried by the next maintenance run.
create or replace function pgfirst_private.archive_maintain(now timestamptz, batch integer)
returns jsonb
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
set lock_timeout = '2s'  -- restored on exit; the body sets archive.lock_timeout
as $$
declare
  v_today date := (archive_maintain.now at time zone 'UTC')::date;
  v_ahead integer := pgfirst_private.setting_int('archive.days_ahead');
  v_keep interval;
  v_day date;
  v_name text;
  v_created text[] := '{}';
  v_dropped text[] := '{}';
  v_blocked text[] := '{}';
  v_default bigint := 0;
  v_deferred text[] := '{}';
  v_part record;
begin
  perform from pgfirst_private.lock_slot s where s.kind = 'archive_maintain' and s.slot = 0
     for no key update skip locked;
  if not found then
    return pg_catalog.jsonb_build_object('skipped', true);
  end if;
  perform pg_catalog.set_config('lock_timeout',
    pg_catalog.ceil(pg_catalog.date_part('epoch', pgfirst_private.setting_interval('archive.lock_timeout')) * 1000)::bigint || 'ms', true);
  for v_day in select d::date from pg_catalog.generate_series(v_today, v_today + v_ahead, interval '1 day') d loop
    v_name := 'job_archive_p' || pg_catalog.to_char(v_day, 'YYYYMMDD');
    continue when pg_catalog.to_regclass('pgfirst_private.' || v_name) is not null;
    if exists (select 1 from pgfirst_private.job_archive_default a
                where a.finished_at >= (v_day::timestamp at time zone 'UTC')
                  and a.finished_at < ((v_day + 1)::timestamp at time zone 'UTC')) then
      v_blocked := v_blocked || v_name;
      continue;
    end if;
    begin
      execute pg_catalog.format(
        'create table pgfirst_private.%I partition of pgfirst_private.job_archive for values from (%L) to (%L)',
        v_name, (v_day::timestamp at time zone 'UTC'), ((v_day + 1)::timestamp at time zone 'UTC'));
      v_created := v_created || v_name;
    exception when lock_not_available then
      v_deferred := v_deferred || v_name;
    end;
  end loop;

  select coalesce(pg_catalog.max(q.keep_finished), interval '0') into v_keep
    from pgfirst_private.job_queue q;
  for v_part in
    select c.relname,
           (pg_catalog.to_date(pg_catalog.substr(c.relname, 14), 'YYYYMMDD') + 1)::timestamp at time zone 'UTC' as upper_bound
      from pg_catalog.pg_inherits i
      join pg_catalog.pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'pgfirst_private.job_archive'::regclass
       and c.relname ~ '^job_archive_p[0-9]{8}$'
     order by c.relname
  loop
    continue when v_part.upper_bound > archive_maintain.now - v_keep;
    begin
      execute pg_catalog.format('alter table pgfirst_private.job_archive detach partition pgfirst_private.%I', v_part.relname);
      execute pg_catalog.format('drop table pgfirst_private.%I', v_part.relname);
      v_dropped := v_dropped || v_part.relname::text;
    exception when lock_not_available then
      v_deferred := v_deferred || v_part.relname::text;
    end;
  end loop;

  begin
    with x as (
      select a.ctid from pgfirst_private.job_archive_default a
       where a.finished_at < archive_maintain.now - v_keep
       limit batch
    )
    delete from pgfirst_private.job_archive_default a using x where a.ctid = x.ctid;
    get diagnostics v_default = row_count;
  exception when lock_not_available then
    v_deferred := v_deferred || 'job_archive_default'::text;
  end;

  return pg_catalog.jsonb_build_object('created', pg_catalog.to_jsonb(v_created),
    'dropped', pg_catalog.to_jsonb(v_dropped), 'blocked_by_default', pg_catalog.to_jsonb(v_blocked),
    'default_purged', v_default, 'deferred', pg_catalog.to_jsonb(v_deferred));
end;
$$;

comment on function pgfirst_private.archive_maintain(timestamptz, integer) is
  'Internal: creates job archive partitions ahead and drops partitions past retention (detach + drop); one caller at a time (row lock, others skip); DDL that cannot get its lock within archive.lock_timeout is deferred to the next run.';
revoke all on function pgfirst_private.archive_maintain(timestamptz, integer) from public;
