-- Lexical check of a dropdown query, run before any of its text reaches the parser or the
-- executor: it must be exactly one statement (no ';' outside quotes and comments except
-- trailing ones), its parentheses must balance (so it cannot close the subquery it is
-- wrapped in), and its first word (after '(' and comments) must be SELECT or WITH.
-- It scans like PostgreSQL's lexer with standard_conforming_strings on (dropdown_define
-- pins that): '…' with '' doubling, E'…' with backslash escapes, "…" identifiers,
-- $tag$…$tag$, -- comments and nested /* */ comments. Where the two readings could differ
-- (a quote or a dollar sign glued to a number, a backslash escape in E'…' we cannot place)
-- it refuses instead of guessing. Returns the query without trailing ';' and whitespace.
create or replace function pgfirst_private.dropdown_query_check(query text)
returns text
language plpgsql
immutable
parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  v_n integer := pg_catalog.length(coalesce(query, ''));
  v_i integer := 1;
  v_j integer;
  v_c text;
  v_next text;
  v_depth integer := 0;   -- parentheses
  v_cdepth integer;       -- nested /* */
  v_first text;           -- first word
  v_end integer;          -- position of the first top-level ';' (0: none)
  v_tag text;
  v_tok_start integer;
  v_estring boolean;
  v_problem text;
  -- quote characters by code: keeps this file readable by SQL tools that split statements
  v_q constant text := pg_catalog.chr(39);
  v_dq constant text := pg_catalog.chr(34);
begin
  v_end := 0;
  while v_i <= v_n and v_problem is null loop
    v_c := pg_catalog.substr(query, v_i, 1);
    v_next := pg_catalog.substr(query, v_i + 1, 1);
    if v_end > 0 and v_c !~ '^[[:space:];]$' and not (v_c = '-' and v_next = '-') and not (v_c = '/' and v_next = '*') then
      v_problem := pg_catalog.format('text follows the ";" at position %s', v_end);
    elsif v_c = '-' and v_next = '-' then
      v_j := pg_catalog.strpos(pg_catalog.substr(query, v_i), E'\n');
      v_i := case when v_j = 0 then v_n + 1 else v_i + v_j end;
      continue;
    elsif v_c = '/' and v_next = '*' then
      v_cdepth := 1;
      v_i := v_i + 2;
      while v_i <= v_n and v_cdepth > 0 loop
        if pg_catalog.substr(query, v_i, 2) = '/*' then
          v_cdepth := v_cdepth + 1; v_i := v_i + 2;
        elsif pg_catalog.substr(query, v_i, 2) = '*/' then
          v_cdepth := v_cdepth - 1; v_i := v_i + 2;
        else
          v_i := v_i + 1;
        end if;
      end loop;
      if v_cdepth > 0 then
        v_problem := 'unterminated /* comment';
      end if;
      continue;
    elsif v_c = v_q then
      -- E'…' only when the e is a token of its own (PostgreSQL reads abce'x' as abce 'x')
      v_tok_start := v_i;
      while v_tok_start > 1 and pg_catalog.substr(query, v_tok_start - 1, 1) ~ '^[[:alnum:]_$]$'
                              or (v_tok_start > 1 and pg_catalog.ascii(pg_catalog.substr(query, v_tok_start - 1, 1)) > 127) loop
        v_tok_start := v_tok_start - 1;
      end loop;
      if v_tok_start < v_i and pg_catalog.substr(query, v_tok_start, 1) ~ '^[0-9]$' then
        v_problem := pg_catalog.format('a quote directly after a number at position %s', v_i);
        continue;
      end if;
      v_estring := v_tok_start = v_i - 1 and pg_catalog.substr(query, v_tok_start, 1) in ('e', 'E');
      v_i := v_i + 1;
      loop
        if v_i > v_n then
          v_problem := 'unterminated string constant';
          exit;
        end if;
        v_c := pg_catalog.substr(query, v_i, 1);
        if v_estring and v_c = '\' then
          v_i := v_i + 2;
        elsif v_c = v_q and pg_catalog.substr(query, v_i + 1, 1) = v_q then
          v_i := v_i + 2;
        elsif v_c = v_q then
          v_i := v_i + 1;
          exit;
        else
          v_i := v_i + 1;
        end if;
      end loop;
      continue;
    elsif v_c = v_dq then
      v_i := v_i + 1;
      loop
        if v_i > v_n then
          v_problem := 'unterminated quoted identifier';
          exit;
        end if;
        if pg_catalog.substr(query, v_i, 2) = v_dq || v_dq then
          v_i := v_i + 2;
        elsif pg_catalog.substr(query, v_i, 1) = v_dq then
          v_i := v_i + 1;
          exit;
        else
          v_i := v_i + 1;
        end if;
      end loop;
      continue;
    elsif v_c = '$' then
      v_tok_start := v_i;
      while v_tok_start > 1 and pg_catalog.substr(query, v_tok_start - 1, 1) ~ '^[[:alnum:]_$]$' loop
        v_tok_start := v_tok_start - 1;
      end loop;
      if v_tok_start < v_i and pg_catalog.substr(query, v_tok_start, 1) ~ '^[0-9]$' then
        v_problem := pg_catalog.format('a dollar sign directly after a number at position %s', v_i);
        continue;
      end if;
      v_tag := case when v_tok_start = v_i
                    then pg_catalog.substring(pg_catalog.substr(query, v_i), '^\$([A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$') end;
      if v_tok_start = v_i and pg_catalog.substr(query, v_i) ~ '^\$([A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$' then
        v_tag := '$' || coalesce(v_tag, '') || '$';
        v_j := pg_catalog.strpos(pg_catalog.substr(query, v_i + pg_catalog.length(v_tag)), v_tag);
        if v_j = 0 then
          v_problem := 'unterminated dollar-quoted string';
          continue;
        end if;
        v_i := v_i + pg_catalog.length(v_tag) + v_j - 1 + pg_catalog.length(v_tag);
        continue;
      end if;
    elsif v_c = ';' then
      v_end := v_i;
    elsif v_c = '(' then
      v_depth := v_depth + 1;
    elsif v_c = ')' then
      v_depth := v_depth - 1;
      if v_depth < 0 then
        v_problem := pg_catalog.format('unbalanced ")" at position %s', v_i);
      end if;
    elsif v_first is null and v_c ~ '^[[:alpha:]_]$' then
      v_first := pg_catalog.lower(pg_catalog.substring(pg_catalog.substr(query, v_i), '^[[:alnum:]_$]+'));
    elsif v_first is null and v_c !~ '^[[:space:]]$' then
      v_first := v_c;
    end if;
    v_i := v_i + 1;
  end loop;
  if v_problem is null and v_depth <> 0 then
    v_problem := 'unbalanced "("';
  end if;
  if v_problem is null and (v_first is null or v_first not in ('select', 'with')) then
    v_problem := pg_catalog.format('it starts with %s', coalesce(pg_catalog.quote_literal(v_first), 'nothing'));
  end if;
  if v_problem is not null then
    raise exception 'a dropdown query must be exactly one SELECT (or WITH … SELECT) statement' using errcode = 'PF614',
      detail = v_problem || '; nothing was run.',
      hint = 'Remove any other statement; quote literal ";" characters; data-modifying WITH, SELECT INTO and utility statements are refused.';
  end if;
  return pg_catalog.rtrim(case when v_end > 0 then pg_catalog.left(query, v_end - 1) else query end, E' \t\r\n\f;');
end;
$$;

comment on function pgfirst_private.dropdown_query_check(text) is
  'Internal: lexical check that a dropdown query is exactly one SELECT/WITH statement with balanced parentheses (PF614 otherwise, before anything is parsed or run); returns it without trailing semicolons.';
revoke all on function pgfirst_private.dropdown_query_check(text) from public;
