begin;
select plan(3);

create temp table orders (id int primary key, tenant text not null default 'acme');
create function pg_temp.order_created() returns trigger language plpgsql as $$
begin
  perform pgfirst.job_enqueue(task => 'send_receipt', payload => jsonb_build_object('order_id', new.id), tenant => new.tenant);
  return new;
end $$;
create trigger order_created after insert on orders for each row execute function pg_temp.order_created();

insert into orders (id) values (1);
select is((select count(*)::int from pgfirst_private.job where task = 'send_receipt' and payload = '{"order_id": 1}' and tenant = 'acme'), 1,
  'a trigger enqueues a job with the row');
savepoint before_second;
insert into orders (id) values (2);
select is((select count(*)::int from pgfirst_private.job where task = 'send_receipt'), 2, 'the second insert enqueued too');
rollback to savepoint before_second;
select is((select count(*)::int from pgfirst_private.job where task = 'send_receipt'), 1,
  'rolling the write back rolls its job back: the job exists if and only if the data does');

select * from finish();
rollback;
