begin;
select plan(4);

insert into pgfirst_private.admin_audit (at, session_role, role, action, target)
values (now() - interval '91 days', 'x', 'x', 'queue_pause', 'old'),
       (now() - interval '89 days', 'x', 'x', 'queue_pause', 'recent');
select is((pgfirst.maintenance() ->> 'audit_purged')::int, 1, 'maintenance purges audit rows older than audit.keep (90 days by default)');
select is(array(select target from pgfirst_private.admin_audit where target in ('old', 'recent')), array['recent'], 'the recent row stays');
select pgfirst.setting_set('audit.keep', '"30 days"');
select is((pgfirst.maintenance() ->> 'audit_purged')::int, 1, 'audit.keep is a setting');
select throws_ok($$ select pgfirst.setting_set('audit.keep', '"1 minute"') $$, 'PF005', null, 'audit.keep is at least 1 hour');

select * from finish();
rollback;
