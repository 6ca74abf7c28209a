/** The pgTAP runner itself, on fixture files outside test/pgtap (so the suite never runs them). */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../src/paths.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { formatPgTapFailure, isTransactionControl, parseTap, runPgTapFile, splitSql } from "./support/pgtap-runner.ts";

const fixture = (name: string) => path.join(packageRoot, "test", "fixtures", "pgtap", name);

describe("splitSql", () => {
  it("splits at top-level semicolons only and records start lines", () => {
    const text = [
      "-- leading; comment",
      "select 'a;b', \"x;y\";",
      "/* c; /* nested; */ d; */ select 2;",
      "do $f$ begin perform 1; end $f$;",
      "select E'it\\'s;', $$;$$",
    ].join("\n");
    expect(splitSql(text)).toEqual([
      { text: "select 'a;b', \"x;y\"", line: 2 },
      { text: "select 2", line: 3 },
      { text: "do $f$ begin perform 1; end $f$", line: 4 },
      { text: "select E'it\\'s;', $$;$$", line: 5 },
    ]);
  });

  it("does not take $1 or identifiers with $ for dollar quotes", () => {
    expect(splitSql("select a$b$c; prepare p as select $1; select 3").map((s) => s.text)).toEqual([
      "select a$b$c",
      "prepare p as select $1",
      "select 3",
    ]);
  });

  it("rejects psql meta-commands with the line", () => {
    expect(() => splitSql("select 1;\n\\set ECHO none\n")).toThrow(/line 2: psql meta-commands/);
  });

  it("recognises the transaction control it skips, but keeps savepoint rollbacks", () => {
    for (const s of ["begin", "BEGIN WORK", "start transaction", "commit", "end", "rollback", "abort"]) {
      expect(isTransactionControl(s), s).toBe(true);
    }
    for (const s of ["rollback to savepoint a", "rollback to a", "savepoint a", "select 1", "beginning"]) {
      expect(isTransactionControl(s), s).toBe(false);
    }
  });
});

describe("parseTap", () => {
  it("reads plan, results, directives and attaches diagnostics to the failing assertion", () => {
    const p = parseTap([
      "1..3",
      "ok 1 - a",
      "not ok 2 - b",
      '# Failed test 2: "b"',
      "#   have: 1",
      "ok 3 # SKIP why",
      "# Looks like you failed 1 test of 3",
    ]);
    expect(p.planned).toBe(3);
    expect(p.assertions.map((a) => [a.number, a.ok, a.description, a.directive])).toEqual([
      [1, true, "a", undefined],
      [2, false, "b", undefined],
      [3, true, "", "SKIP"],
    ]);
    expect(p.assertions[1]!.diagnostics).toEqual(['# Failed test 2: "b"', "#   have: 1"]);
    expect(p.diagnostics).toEqual(["# Looks like you failed 1 test of 3"]);
  });
});

describe("runPgTapFile", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("passes a passing file (quotes, dollar quotes and comments intact)", async () => {
    const r = await runPgTapFile(db.sql, fixture("passing.test.sql"));
    expect(formatPgTapFailure(r)).toBe("");
    expect(r.ok).toBe(true);
    expect(r.planned).toBe(4);
    expect(r.assertions.map((a) => a.description)).toEqual([
      "inserted two rows",
      "doubled quote kept",
      "dollar-quoted body intact",
      "a # hash in a description",
    ]);
  });

  it("fails a wrong expectation, naming the assertion and showing its diagnostics", async () => {
    const r = await runPgTapFile(db.sql, fixture("wrong-expectation.test.sql"));
    expect(r.ok).toBe(false);
    const msg = formatPgTapFailure(r);
    expect(msg).toContain("1 of 3 assertion(s) failed");
    expect(msg).toContain("not ok 2 - one plus one is three");
    expect(msg).toMatch(/have: 2/);
    expect(msg).toMatch(/want: 3/);
    expect(msg).not.toContain("first assertion passes");
  });

  it("fails on a SQL error, showing the statement, its line and the SQLSTATE", async () => {
    const r = await runPgTapFile(db.sql, fixture("sql-error.test.sql"));
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: "42P01", line: 5, errorLine: 6 });
    const msg = formatPgTapFailure(r);
    expect(msg).toContain("SQLSTATE 42P01");
    expect(msg).toContain("line 5 (error at line 6)");
    expect(msg).toContain("from runner_fixture_no_such_table");
    expect(r.assertions).toHaveLength(1); // stopped at the error
  });

  it("fails when the number of assertions differs from the plan", async () => {
    const r = await runPgTapFile(db.sql, fixture("plan-mismatch.test.sql"));
    expect(r.ok).toBe(false);
    expect(r.assertions.every((a) => a.ok)).toBe(true);
    expect(formatPgTapFailure(r)).toContain("planned 3 but ran 2");
  });

  it("skips the file's own commit and leaves the connection clean", async () => {
    const one = db.connect(1); // the runner must hand back the only connection as it found it
    const r = await runPgTapFile(one, fixture("commits.test.sql"));
    expect(r.ok).toBe(true);
    const [row] = await one`
      select to_regclass('public.runner_fixture_left_behind') is null as gone,
             current_setting('statement_timeout') as timeout,
             (select count(*)::int from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()) as locks`;
    expect(row).toEqual({ gone: true, timeout: "0", locks: 0 });
  });

  it("does not count a failing TODO assertion as a failure", async () => {
    const r = await runPgTapFile(db.sql, fixture("todo.test.sql"));
    expect(r.assertions[0]).toMatchObject({ ok: false, directive: "TODO" });
    expect(r.ok).toBe(true);
  });
});
