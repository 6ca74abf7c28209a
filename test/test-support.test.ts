/** Pieces of the test harness that need no database. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { databaseUrl, ident } from "./support/context.ts";
import { currentSqlHasContent } from "./support/global-setup.ts";
import { findPgTapScript, PGTAP_MISSING } from "./support/pgtap.ts";

describe("findPgTapScript", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pgfirst-support-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prefers $PGTAP_SQL", () => {
    const file = path.join(dir, "pgtap.sql");
    writeFileSync(file, "-- fake");
    expect(findPgTapScript({ PGTAP_SQL: file })).toBe(file);
  });

  it("fails on a $PGTAP_SQL that is not a file, saying how to get pgTAP", () => {
    expect(() => findPgTapScript({ PGTAP_SQL: path.join(dir, "missing.sql") })).toThrow(/npm run pgtap:fetch/);
    expect(() => findPgTapScript({ PGTAP_SQL: dir })).toThrow(/is not a file/);
  });

  it("has a one-line message for a machine without pgTAP", () => {
    expect(PGTAP_MISSING).not.toContain("\n");
    expect(PGTAP_MISSING).toContain("npm run pgtap:fetch");
  });
});

describe("currentSqlHasContent", () => {
  it("ignores comments and blank lines", () => {
    expect(currentSqlHasContent("-- Tables, types, indexes…\n\n  -- more\n")).toBe(false);
    expect(currentSqlHasContent("")).toBe(false);
  });
  it("sees SQL and include lines", () => {
    expect(currentSqlHasContent("-- x\ncreate table t ();\n")).toBe(true);
    expect(currentSqlHasContent("-- ==== core fixes ====\n--!include functions/core/version.sql\n")).toBe(true);
  });
});

describe("databaseUrl / ident", () => {
  it("swaps only the database of a URL", () => {
    expect(databaseUrl("postgres://u:p%40ss@127.0.0.1:5432/postgres?sslmode=disable", "pgfirst_test_x")).toBe(
      "postgres://u:p%40ss@127.0.0.1:5432/pgfirst_test_x?sslmode=disable",
    );
  });
  it("quotes identifiers", () => {
    expect(ident('a"b')).toBe('"a""b"');
  });
});
