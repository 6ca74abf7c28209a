begin;
select plan(20);
-- issue 16: every word of the term matches the label or the extra search text, in any order,
-- ignoring case, accents and punctuation; exact and prefix label matches rank first
create table public.dd_person (id integer primary key, tenant text not null, first text not null, last text not null, code text not null);
grant select on public.dd_person to pgfirst_dropdown;
insert into public.dd_person values
  (1, 'acme', 'Brigitte', 'Zimmermann', 'AC000012'),
  (2, 'acme', 'Ana', 'Müller', 'AC000013'),
  (3, 'acme', 'Jonas', 'Muller', 'AC000014'),
  (4, 'acme', 'Brigitte', 'Berg', 'AC000015'),
  (5, 'globex', 'Brigitte', 'Zimmermann', 'GL000001'),
  (6, 'acme', 'Ann', '', 'AC000016'),
  (17, 'acme', 'Anna', 'Berg', 'AC000017'),
  (8, 'acme', 'Berg', 'Anna', 'AC000018'),
  (9, 'acme', 'Joanne', 'Smith', 'AC000019'),
  (20, 'acme', 'Anna', 'Berg', 'AC000020'),
  (11, 'acme', 'c', 'a', 'X1'),
  (12, 'acme', 'abc', '', 'X2'),
  (13, 'acme', 'abxc', '', 'X3');
select pgfirst.dropdown_define(name => 'ddw', query => $q$
  select tenant, id,
         case when last = '' then first else last || ', ' || first end as text,
         first || ' ' || last || ' ' || code as search
    from public.dd_person $q$, sources => array['public.dd_person']::regclass[]);
create function pg_temp.ids(term text, tenant text default 'acme') returns int[] language sql as
  $$ select array(select (e ->> 'id')::int from jsonb_array_elements(
       pgfirst.dropdown_search(name => 'ddw', tenant => tenant, term => term, page_size => 100) -> 'results') e) $$;

select is(pg_temp.ids('Zimmermann, Brigitte'), array[1], 'the label as shown ("Zimmermann, Brigitte") finds the row');
select is(pg_temp.ids('brigitte zimmermann'), array[1], 'words in another order find it');
select is(pg_temp.ids('ZIMMERMANN;brigitte!'), array[1], 'punctuation and case in the term do not matter');
select is(pg_temp.ids('zimm brig'), array[1], 'each word may be part of a word');
select is(pg_temp.ids('brigitte ac000012'), array[1], 'words of the extra search text match too');
select is(pg_temp.ids('zimmermann anna'), array[]::int[], 'every word must match');
select is(pg_temp.ids('Müller'), array[2, 3], 'an accented term finds accented and unaccented labels');
select is(pg_temp.ids('muller'), pg_temp.ids('MÜLLER'), 'an unaccented term finds the same rows');
select is(pg_temp.ids('zimmermann b'), array[1], 'a 1-character word matches the start of a word');
select is(pg_temp.ids('zimmermann r'), array[]::int[], 'a 1-character word does not match inside a word');
select is(pg_temp.ids('bri zi'), array[1], 'a 2-character word matches the start of a word, in any position');
select is(pg_temp.ids('Zimmermann, Brigitte', 'globex'), array[5], 'only the tenant''s rows, in every mode');
-- ranking for "ann": 0 the label is the term (6 "Ann"), 1 the label starts with it (8 "Anna,
-- Berg"), 2 every word starts a word (17, 20 "Berg, Anna"), 3 substrings (9 "Smith, Joanne",
-- 1 "Zimmermann, Brigitte"); ties by the folded label, then id (as text)
select is(pg_temp.ids('ann'), array[6, 8, 17, 20, 9, 1],
  'exact label first, then labels starting with the term, then word starts, then substrings; ties by label, then id');
select is(pg_temp.ids('anna berg'), array[8, 17, 20],
  'a label starting with the term ranks before the same words in another order');
-- wildcards are never wildcards: % _ \ are punctuation like any other
select is(pg_temp.ids('a_c'), array[11], 'a_c finds "a, c" but not abc');
select is(pg_temp.ids('a%c'), array[11], 'a%c finds "a, c" but not abxc');
select is(pg_temp.ids('%'), array[]::int[], 'a term of punctuation only finds nothing');
select is(pg_temp.ids('\'), array[]::int[], 'a backslash finds nothing');

-- paging over a ranked result: cursors and OFFSET pages give the ranked order, each row once
create temp table seen (n int, id int) on commit drop;
do $$
declare v_page jsonb; v_n int := 0; v_after text := null;
begin
  loop
    v_n := v_n + 1;
    v_page := pgfirst.dropdown_search(name => 'ddw', tenant => 'acme', term => 'ann', page_size => 2, after => v_after);
    insert into seen select v_n * 10 + o.i, (o.e ->> 'id')::int from jsonb_array_elements(v_page -> 'results') with ordinality o(e, i);
    v_after := v_page ->> 'next';
    exit when v_after is null or v_n > 20;
  end loop;
end
$$;
select is(array(select id from seen order by n), pg_temp.ids('ann'), 'following "next" two rows at a time walks the ranked order once');
select is(array(select (e ->> 'id')::int from jsonb_array_elements(
            pgfirst.dropdown_search(name => 'ddw', tenant => 'acme', term => 'ann', page => 2, page_size => 2) -> 'results') e),
          (pg_temp.ids('ann'))[3:4], 'page => 2 (OFFSET) is the ranked order''s second page');
select * from finish();
rollback;
