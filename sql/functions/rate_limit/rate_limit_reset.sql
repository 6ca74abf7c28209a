create or replace function pgfirst.rate_limit_reset(key text, tenant text default '')
returns boolean
language plpgsql
volatile
security definer -- deletes from pgfirst_private.rate_limit
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if key is null or key = '' or tenant is null then
    raise exception 'a rate-limit key must be a non-empty string and tenant non-null'
      using errcode = 'PF301';
  end if;
  delete from pgfirst_private.rate_limit r
   where r.tenant = rate_limit_reset.tenant and r.key = rate_limit_reset.key;
  return found;
end;
$$;

comment on function pgfirst.rate_limit_reset(text, text) is
  'Forgets a key''s rate-limit state (its next hit starts with a full burst); true when there was state. E.g. after a solved CAPTCHA.';
revoke all on function pgfirst.rate_limit_reset(text, text) from public;
grant execute on function pgfirst.rate_limit_reset(text, text) to pgfirst_app;
