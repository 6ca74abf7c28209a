/** The text rules behind `npm run check:migrations` and the test template's use of current.sql. */
import { describe, expect, it } from "vitest";
import { includeLines, nonCommentContent } from "../scripts/check-migrations.ts";
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
