begin;
select plan(5);

create temp table tok as
  select pgfirst.session_create(user_id => 'u1', data => '{"k": "v"}', now => '2030-01-01 00:00:00+00') as token;

select ok((select token ~ '^[A-Za-z0-9_-]{43}$' from tok),
  'the token is 43 base64url characters (256 bits from two gen_random_uuid)');
select is((select s.token_hash from pgfirst_private.session s),
  (select sha256(convert_to(token, 'UTF8')) from tok),
  'the row is keyed by sha256(token)');
select is((select count(*)::int from pgfirst_private.session s, tok
            where position(tok.token in row_to_json(s)::text) > 0
               or position(encode(convert_to(tok.token, 'UTF8'), 'hex') in row_to_json(s)::text) > 0),
  0, 'no column holds the token in clear (text or hex)');
select isnt((select s.session_id::text from pgfirst_private.session s), (select token from tok),
  'the public session_id is not the token');
select isnt(pgfirst.session_create(user_id => 'u1', now => '2030-01-01 00:00:00+00'), (select token from tok),
  'two sessions get different tokens');

select * from finish();
rollback;
