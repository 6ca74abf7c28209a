/**
 * Runs the TypeScript samples of docs/typescript.md, docs/dashboard.md's Express mount and of README.md's TypeScript section
 * (every ```ts block there) with tsx against a fresh test database, so the documented API
 * is the one that works. `from "pgfirst"` is pointed at src/index.ts (the package entry
 * the exports map builds from); each sample must exit 0 within the timeout.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../src/paths.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";

/** The ```ts blocks of a Markdown text (from `fromHeading` up to the next heading of the same level, when given). */
function tsBlocks(markdown: string, fromHeading?: string): string[] {
  let text = markdown;
  if (fromHeading) {
    const start = text.indexOf(`\n${fromHeading}\n`);
    if (start < 0) return [];
    const level = fromHeading.split(" ")[0]!;
    const rest = text.slice(start + fromHeading.length + 2);
    const end = rest.search(new RegExp(`^${level} `, "m"));
    text = end < 0 ? rest : rest.slice(0, end);
  }
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

const sources = [
  { file: "docs/typescript.md", heading: undefined },
  { file: "docs/dashboard.md", heading: "## Mounting it in an Express app" },
  { file: "README.md", heading: "## TypeScript" },
];
const snippets = sources.flatMap(({ file, heading }) =>
  tsBlocks(readFileSync(path.join(packageRoot, file), "utf8"), heading).map((code, i) => ({ name: `${file} sample ${i + 1}`, code })),
);

const dir = path.join(packageRoot, "node_modules", ".cache", `pgfirst-doc-snippets-${process.pid}`);
const entry = pathToFileURL(path.join(packageRoot, "src", "index.ts")).href;

function runTsx(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(packageRoot, "node_modules", ".bin", "tsx"), [file], {
      cwd: packageRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  mkdirSync(dir, { recursive: true });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

describe("TypeScript samples in the docs run", () => {
  it("finds the samples", () => {
    expect(snippets.filter((s) => s.name.startsWith("docs/")).length).toBeGreaterThanOrEqual(5);
    expect(snippets.filter((s) => s.name.startsWith("README")).length).toBeGreaterThanOrEqual(1);
  });

  for (const [i, s] of snippets.entries()) {
    it(
      s.name,
      async () => {
        const file = path.join(dir, `sample-${i}.mts`);
        writeFileSync(file, s.code.replaceAll(`from "pgfirst"`, `from ${JSON.stringify(entry)}`));
        const r = await runTsx(file, { ...process.env, DATABASE_URL: db.url });
        expect(r.code, `${s.name} failed:\n${r.out}\n--- sample ---\n${s.code}`).toBe(0);
      },
      60_000,
    );
  }
});
