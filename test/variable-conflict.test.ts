/** scripts/variable-conflict.ts: the one #variable_conflict style, and every sql/ file in it. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyStyle, STYLE } from "../scripts/variable-conflict.ts";
import { packageRoot } from "../src/paths.ts";

const fn = (lang: string, body: string) =>
  `create or replace function pgfirst.f(name text)\nreturns int\nlanguage ${lang}\nas $$${body}$$;\n`;

describe("applyStyle", () => {
  it("inserts the directive into a plpgsql body without one, and is idempotent", () => {
    const out = applyStyle(fn("plpgsql", "\nbegin\n  return 1;\nend;\n"));
    expect(out).toBe(fn("plpgsql", `\n${STYLE}\nbegin\n  return 1;\nend;\n`));
    expect(applyStyle(out)).toBe(out);
  });

  it("replaces use_variable and error, leaves language sql alone", () => {
    expect(applyStyle(fn("plpgsql", "\n#variable_conflict use_variable\nbegin return 1; end;\n"))).toContain(`\n${STYLE}\nbegin`);
    expect(applyStyle(fn("plpgsql", "\n#variable_conflict error\nbegin return 1; end;\n"))).not.toContain("error");
    const sqlFn = fn("sql", "\n  select 1\n");
    expect(applyStyle(sqlFn)).toBe(sqlFn);
  });

  it("every sql/ file is already in the style (run `npx tsx scripts/variable-conflict.ts`)", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith(".sql") ? [path.join(dir, e.name)] : [],
      );
    const off = files(path.join(packageRoot, "sql"))
      .filter((f) => !f.includes(`${path.sep}demo${path.sep}`))
      .filter((f) => applyStyle(readFileSync(f, "utf8")) !== readFileSync(f, "utf8"));
    expect(off.map((f) => path.relative(packageRoot, f))).toEqual([]);
  });
});
