begin;
select plan(5);

select is(pgfirst_private.login_username_normalize(E'  Alice \t  Smith\n'), 'alice smith', 'trimmed, whitespace collapsed, lower case');
select is(pgfirst_private.login_username_normalize(E'Jose\u0301'), pgfirst_private.login_username_normalize(E'Jos\u00e9'),
  'decomposed and precomposed accents are one username (NFC)');
select results_eq(
  $$ select (a).failures from (select i, pgfirst.login_attempt(u, now => '2030-01-01 00:00:00+00') as a
       from unnest(array['alice', 'ALICE', ' alice ', E'Alice\t']) with ordinality as x(u, i)) s order by i $$,
  $$ values (1), (2), (3), (4) $$, 'spelling variants share one counter');
select throws_ok($$ select * from pgfirst.login_attempt(E' \t ') $$, 'PF306', null, 'a blank username is rejected');
select throws_ok($$ select * from pgfirst.login_attempt(null) $$, 'PF306', null, 'a null username is rejected');

select * from finish();
rollback;
