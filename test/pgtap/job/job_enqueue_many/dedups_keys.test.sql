begin;
select plan(4);

create temp table v_existing as select pgfirst.job_enqueue('t', '{"v":0}', job_key => 'k1') as id;
create temp table ids as
select row_number() over () as n, id
  from pgfirst.job_enqueue_many('[{"task":"t","job_key":"k1","payload":{"v":1}},
                                  {"task":"t","job_key":"k2","payload":{"v":2}},
                                  {"task":"t","job_key":"k2","payload":{"v":3}},
                                  {"task":"t","payload":{"v":4}}]') id;
select is((select id from ids where n = 1), (select id from v_existing), 'a key held by a waiting job returns that job');
select is((select id from ids where n = 2), (select id from ids where n = 3), 'a key repeated in the batch maps to one job');
select is((select payload from pgfirst_private.job where job_key = 'k2'), '{"v":3}'::jsonb, 'replace: the last element wins');
select is((select count(*)::int from pgfirst_private.job), 3, 'three live jobs: k1, k2 and the unkeyed one');

select * from finish();
rollback;
