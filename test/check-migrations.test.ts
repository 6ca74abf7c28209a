/** The text rules behind `npm run check:migrations` and the test template's use of current.sql. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driftProblems, includedCopies, includeLines, nonCommentContent, trackedSqlFiles } from "../scripts/check-migrations.ts";
import { committedMigrations } from "../src/migrate.ts";
import { committedDir, packageRoot } from "../src/paths.ts";
import { normaliseDump } from "../scripts/dump-schema.ts";
import { currentSqlHasContent } from "./support/global-setup.ts";

describe("migration text rules", () => {
  it("treats comments and blank lines as an empty current.sql", () => {
    const text = "-- Tables, types, indexes, then one include line per sql/ file.\n\n  -- note\n";
    expect(nonCommentContent(text)).toBe("");
    expect(currentSqlHasContent(text)).toBe(false);
    expect(nonCommentContent(text + "/* block\n comment */\n")).toBe("");
  });

  it("counts include lines as content, so a functions-only change is applied and blocks a merge", () => {
    const text = "-- ==== cache module ====\n--!include functions/cache/cache_get.sql\n";
    expect(nonCommentContent(text)).toBe("--!include functions/cache/cache_get.sql");
    expect(currentSqlHasContent(text)).toBe(true);
  });

  it("counts SQL as content", () => {
    expect(currentSqlHasContent("create table t (id int);\n")).toBe(true);
  });

  it("finds unexpanded include directives, and only those", () => {
    const text = "--! Hash: sha1:abc\n-- a comment mentioning --!include\n--!include functions/a.sql\n  --! include functions/b.sql\nselect 1;\n";
    expect(includeLines(text)).toEqual(["--!include functions/a.sql", "  --! include functions/b.sql"]);
  });

  it("normalises pg_dump output: no \\restrict keys, no version lines, no blank runs", () => {
    const raw = "--\n\\restrict AbC123\n-- Dumped from database version 15.20\n-- Dumped by pg_dump version 15.20\n\n\n\nCREATE SCHEMA x;\n\\unrestrict AbC123\n";
    expect(normaliseDump(raw)).toBe("--\n\nCREATE SCHEMA x;\n");
  });
});

describe("drift check: sql/ files against the committed migrations", () => {
  const committed = committedMigrations().map((name) => ({ name, text: readFileSync(path.join(committedDir, name), "utf8") }));
  const empty = "-- nothing pending\n";
  let sqlDir: string;
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "pgfirst-drift-"));
    sqlDir = path.join(tmp, "sql");
    cpSync(path.join(packageRoot, "sql"), sqlDir, { recursive: true });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("finds graphile-migrate's Included/EndIncluded copies in committed migrations", () => {
    const copies = includedCopies(committed.map((m) => m.text).join("\n"));
    expect(copies.size).toBeGreaterThan(50);
    expect(copies.has("functions/cache/cache_get.sql")).toBe(true);
    expect(trackedSqlFiles(sqlDir).some((f) => f.startsWith("demo/"))).toBe(false);
  });

  it("the repository has no drift", () => {
    expect(driftProblems(path.join(packageRoot, "sql"), committed, readFileSync(path.join(packageRoot, "migrations", "current.sql"), "utf8"))).toEqual([]);
  });

  it("an edited function file fails the check until current.sql includes it", () => {
    const rel = "functions/cache/cache_get.sql";
    const file = path.join(sqlDir, rel);
    const original = readFileSync(file, "utf8");
    writeFileSync(file, original.replace("comment on function", "-- an unshipped edit\ncomment on function"));
    try {
      const problems = driftProblems(sqlDir, committed, empty);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^sql\/functions\/cache\/cache_get\.sql differs from its copy in migrations\/committed\/\d{6}-/);
      expect(driftProblems(sqlDir, committed, `--!include ${rel}\n`)).toEqual([]);
    } finally {
      writeFileSync(file, original);
    }
    expect(driftProblems(sqlDir, committed, empty)).toEqual([]);
  });

  it("a new sql/ file that no migration includes fails the check", () => {
    const file = path.join(sqlDir, "functions", "cache", "cache_new_thing.sql");
    writeFileSync(file, "select 1;\n");
    try {
      expect(driftProblems(sqlDir, committed, empty)).toEqual([expect.stringMatching(/cache_new_thing\.sql is in no committed migration/)]);
    } finally {
      rmSync(file);
    }
  });
});
