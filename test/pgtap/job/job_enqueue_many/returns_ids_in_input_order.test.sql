begin;
select plan(4);

create temp table ids as
select row_number() over () as n, id
  from pgfirst.job_enqueue_many('[{"task":"a","payload":{"n":1}},
                                  {"task":"b","payload":{"n":2},"queue":"q2","priority":4,"max_attempts":3,"tenant":"t1"},
                                  {"task":"c","payload":{"n":3},"run_at":"2030-01-01T01:00:00Z"}]') id;
select is((select count(*)::int from ids), 3, 'one id per element');
select results_eq($$select (j.payload->>'n')::int from ids join pgfirst_private.job j using (id) order by ids.n$$,
  $$values (1), (2), (3)$$, 'ids are returned in input order');
select is((select queue || '/' || priority || '/' || max_attempts || '/' || tenant from pgfirst_private.job where task = 'b'),
  'q2/4/3/t1', 'fields are taken from each element');
select is((select run_at from pgfirst_private.job where task = 'c'), '2030-01-01 01:00+00'::timestamptz, 'run_at is parsed');

select * from finish();
rollback;
