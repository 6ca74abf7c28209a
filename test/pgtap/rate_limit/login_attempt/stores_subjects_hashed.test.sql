begin;
select plan(2);

select count(*) from pgfirst.login_attempt('Alice.Example', '198.51.100.7', now => '2030-01-01 00:00:00+00');
select is((select count(*)::int from pgfirst_private.login_throttle t
            where row_to_json(t)::text ilike '%alice%' or row_to_json(t)::text like '%198.51.100.7%'
               or t.subject = sha256(convert_to('alice.example', 'UTF8'))
               or t.subject = sha256(convert_to('user' || E'\n' || 'alice.example', 'UTF8'))),
  0, 'neither the username nor the address is stored, nor their unkeyed hashes');
select is((select count(distinct subject)::int from pgfirst_private.login_throttle where octet_length(subject) = 32), 3,
  'three 32-byte subjects: username, IP, username+IP');

select * from finish();
rollback;
