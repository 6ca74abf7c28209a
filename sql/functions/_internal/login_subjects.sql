-- The counters one login attempt touches, as keyed hashes (the key lives in
-- pgfirst_private.login_key): 'user', and with an address 'ip' and 'user_ip'. IPv6
-- addresses count per /64 (one subscriber's prefix: per-address counting would give an
-- attacker 2^64 tries); IPv4-mapped IPv6 counts as the IPv4 address.
create or replace function pgfirst_private.login_subjects(username text, ip inet)
returns table(scope text, subject bytea, user_subject bytea)
language sql
stable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
  with k as (
    select lk.secret from pgfirst_private.login_key lk where lk.id
  ), v as (
    select pgfirst_private.login_username_normalize(login_subjects.username) as u,
           case
             when login_subjects.ip is null then null
             when pg_catalog.family(login_subjects.ip) = 6 and login_subjects.ip << inet '::ffff:0:0/96'
               then pg_catalog.host(pg_catalog.inet(pg_catalog.substr(pg_catalog.host(login_subjects.ip), 8)))
             when pg_catalog.family(login_subjects.ip) = 6
               then pg_catalog.host(pg_catalog.network(pg_catalog.set_masklen(login_subjects.ip, 64))) || '/64'
             else pg_catalog.host(login_subjects.ip)
           end as a
  ), h as (
    select pg_catalog.sha256(k.secret || pg_catalog.convert_to('user' || E'\n' || v.u, 'UTF8')) as hu,
           pg_catalog.sha256(k.secret || pg_catalog.convert_to('ip' || E'\n' || v.a, 'UTF8')) as hi,
           pg_catalog.sha256(k.secret || pg_catalog.convert_to('user_ip' || E'\n' || v.a || E'\n' || v.u, 'UTF8')) as hui
      from k, v
  )
  select 'user', h.hu, null::bytea from h
  union all
  select 'ip', h.hi, null::bytea from h where h.hi is not null
  union all
  select 'user_ip', h.hui, h.hu from h where h.hui is not null
$$;

comment on function pgfirst_private.login_subjects(text, inet) is
  'Internal: the (scope, keyed sha256 subject) counters a login attempt touches; user_subject links user_ip rows to their username for login_unlock.';
revoke all on function pgfirst_private.login_subjects(text, inet) from public;
