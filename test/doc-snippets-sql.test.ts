/**
 * The README's and docs' ```sql blocks, run as written on a fresh migrated database (one per
 * document, its blocks in order, each as one simple-protocol batch, as psql would send it).
 * A block that cannot run on its own (it needs an application's tables, a second session,
 * placeholders) carries the HTML comment `<!-- sql-snippet: not run (reason) -->` on the line
 * before its fence; keep those rare. A block preceded by `<!-- sql-snippet: setup -->`
 * ```sql … ``` inside an HTML comment is run first (invisible tables the examples need).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../src/paths.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

export interface SqlSnippet {
  file: string;
  line: number;
  text: string;
  skip?: string;
  setup?: boolean;
}

/** ```sql blocks of a Markdown text, with their not-run reason or setup mark. */
export function sqlSnippets(file: string, markdown: string): SqlSnippet[] {
  const lines = markdown.split("\n");
  const out: SqlSnippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== "```sql") continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== "```"; i++) body.push(lines[i]!);
    let prev = start - 1;
    while (prev >= 0 && lines[prev]!.trim() === "") prev--;
    const mark = prev >= 0 ? /<!--\s*sql-snippet:\s*(not run|setup)\s*(?:\((.*)\))?\s*-->?/.exec(lines[prev]!) : null;
    const s: SqlSnippet = { file, line: start + 1, text: body.join("\n") };
    if (mark?.[1] === "not run") s.skip = mark[2] ?? "no reason given";
    if (mark?.[1] === "setup") s.setup = true;
    out.push(s);
  }
  return out;
}

const docs = [
  "README.md",
  ...readdirSync(path.join(packageRoot, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];
const byDoc = docs
  .map((file) => ({ file, snippets: sqlSnippets(file, readFileSync(path.join(packageRoot, file), "utf8")) }))
  .filter((d) => d.snippets.length > 0);

describe("sqlSnippets", () => {
  it("finds blocks, their lines and marks", () => {
    const md = "x\n```sql\nselect 1;\n```\n<!-- sql-snippet: not run (needs a second session) -->\n```sql\nselect 2;\n```\n";
    expect(sqlSnippets("a.md", md)).toEqual([
      { file: "a.md", line: 2, text: "select 1;" },
      { file: "a.md", line: 6, text: "select 2;", skip: "needs a second session" },
    ]);
  });

  it("keeps not-run blocks rare (at most one in five)", () => {
    const all = byDoc.flatMap((d) => d.snippets);
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((s) => s.skip).length * 5).toBeLessThanOrEqual(all.length);
  });
});

describe("SQL snippets in the docs run on a fresh database", () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  for (const { file, snippets } of byDoc) {
    it(file, async () => {
      const db = await createTestDatabase();
      dbs.push(db);
      const sql = db.connect(1);
      const ordered = [...snippets.filter((s) => s.setup), ...snippets.filter((s) => !s.setup)];
      for (const s of ordered) {
        if (s.skip) continue;
        try {
          await sql.unsafe(s.text);
        } catch (e) {
          const err = e as { message: string; code?: string };
          throw new Error(`${s.file}:${s.line}: the sql block fails: ${err.code ?? ""} ${err.message}\n${s.text}`);
        }
      }
    });
  }
});
