begin;
select plan(7);

create temp table j on commit drop as select pgfirst.job_enqueue('t', '{"to": "a@b"}', queue => 'q', max_attempts => 2) as id;
select count(*) from pgfirst.job_claim('w1', array['q']);
select pgfirst.job_fail((select id from j), 'w1', 'first', retry_delay => '0 seconds');
select count(*) from pgfirst.job_claim('w2', array['q']);

select is((select payload from pgfirst.job_detail((select id from j))), '{"to": "a@b"}'::jsonb, 'the payload');
select is((select state || '/' || worker_id || '/' || attempt from pgfirst.job_detail((select id from j))), 'running/w2/2',
  'a running job: state, worker, attempt');
select ok((select claimed_at is not null and lease_expires_at > claimed_at and not cancel_requested from pgfirst.job_detail((select id from j))),
  'claimed_at, lease_expires_at, cancel_requested');
select is((select pg_catalog.jsonb_path_query_array(errors, '$[*].error') from pgfirst.job_detail((select id from j))), '["first"]'::jsonb,
  'errors: the attempt history');

select pgfirst.job_fail((select id from j), 'w2', 'second');
select is((select pg_catalog.jsonb_path_query_array(errors, '$[*].attempt') || pg_catalog.jsonb_path_query_array(errors, '$[*].error')
             from pgfirst.job_detail((select id from j))), '[1, 2, "first", "second"]'::jsonb,
  'a dead job keeps its history: entries {attempt, at, error, worker_id}, oldest first');
select is((select state || '/' || (finished_at is not null)::text || '/' || coalesce(worker_id, '-') from pgfirst.job_detail((select id from j))),
  'dead/true/-', 'a dead letter: finished_at set, no worker');
select is((select count(*) from pgfirst.job_detail(-1)), 0::bigint, 'no row for an unknown id');

select * from finish();
rollback;
