begin;
select plan(6);

-- Documented formula (docs/jobs.md): delay = least(1 hour, 2 s * 2^(attempt-1))
--   * (0.75 + 0.5 * ((hashtext(id || ':' || attempt) & 65535) / 65535.0)).
create temp table j as select pgfirst.job_enqueue('t', now => '2030-01-01 00:00+00') as id;
create function pg_temp.expected(id bigint, attempt int) returns interval language sql as $$
  select least(interval '1 hour', interval '2 seconds' * power(2, attempt - 1))
         * (0.75 + 0.5 * ((hashtext(id::text || ':' || attempt::text) & 65535) / 65535.0))::float8 $$;
create temp table delays (attempt int, delay interval);
create function pg_temp.fail_once(at timestamptz) returns void language plpgsql as $$
declare v_run_at timestamptz; v_attempt int;
begin
  select run_at into v_run_at from pgfirst_private.job;
  perform pgfirst.job_claim('w1', now => greatest(at, v_run_at));
  select attempt into v_attempt from pgfirst_private.job;
  perform pgfirst.job_fail((select id from j), 'w1', 'boom', now => greatest(at, v_run_at));
  insert into delays select v_attempt, run_at - greatest(at, v_run_at) from pgfirst_private.job;
end $$;
select count(*) from (select pg_temp.fail_once('2030-01-01 00:00+00') from generate_series(1, 14)) x;

select is((select state from pgfirst_private.job), 'failed', 'a failed job waits to be retried');
select results_eq($$select delay from delays order by attempt$$,
  $$select pg_temp.expected((select id from j), a) from generate_series(1, 14) a$$,
  'each retry waits exactly the documented delay');
select ok((select bool_and(delay between interval '1.5 s' * power(2, attempt - 1) and interval '2.5 s' * power(2, attempt - 1))
             from delays where attempt <= 11), 'delays grow exponentially within the jitter band');
select ok((select bool_and(delay between interval '45 minutes' and interval '75 minutes') from delays where attempt >= 12),
  'delays are capped at job.backoff_max (1 hour) before jitter');
select ok((select count(distinct round((extract(epoch from delay) / (2 * power(2, attempt - 1)))::numeric, 4)) > 5 from delays where attempt <= 11),
  'the jitter factor varies between attempts');
select lives_ok($$select pgfirst.job_fail((select id from j), 'w1', 'x', retry_delay => '5 minutes')$$,
  'an explicit retry_delay is accepted (fenced here: the job is not running)');

select * from finish();
rollback;
