/**
 * npm run bench [-- --suite ceiling|cache|… (comma-separated)] [--duration-ms N] [--slice-ms N]
 *                  [--levels 1,8,32] [--migrate] [--json] [--list]
 *
 * Runs each suite with the harness (scripts/bench/harness.ts), prints its table (Markdown),
 * and writes bench/results/<suite>-<timestamp>.json with the machine facts and all figures.
 * --json prints that JSON on stdout instead of the table. Progress goes to stderr.
 * Database and Redis selection: scripts/bench/context.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { packageRoot } from "../src/paths.ts";
import { createContext } from "./bench/context.ts";
import { formatResult, runSuite, type BenchSuite } from "./bench/harness.ts";
import { loadSuite, loadSuites, suiteAvailable, suiteNames } from "./bench/suites.ts";

const { values } = parseArgs({
  options: {
    suite: { type: "string" },
    "duration-ms": { type: "string", default: "2000" },
    "slice-ms": { type: "string", default: "100" },
    levels: { type: "string" },
    migrate: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    list: { type: "boolean", default: false },
  },
});

if (values.list) {
  for (const name of suiteNames) {
    console.log(`${name.padEnd(10)} ${suiteAvailable(name) ? (await loadSuite(name)).title : "(not written yet)"}`);
  }
  process.exit(0);
}

const positive = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${v}`);
  return n;
};
const durationMs = positive("duration-ms", values["duration-ms"]);
const sliceMs = positive("slice-ms", values["slice-ms"]);
const levels = values.levels?.split(",").map((x) => positive("levels", x));

let chosen: BenchSuite[];
try {
  chosen = values.suite ? await Promise.all(values.suite.split(",").map((n) => loadSuite(n.trim()))) : await loadSuites();
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}

const log = (m: string) => process.stderr.write(m + "\n");
const ctx = await createContext({ durationMs, migrate: values.migrate, log });
let closed = false;
const close = async () => {
  if (!closed) {
    closed = true;
    await ctx.close();
  }
};
process.once("SIGINT", () => void close().finally(() => process.exit(130)));

try {
  const resultsDir = path.join(packageRoot, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  for (const suite of chosen) {
    const s = levels ? { ...suite, levels } : suite;
    log(`suite ${s.name}: ${durationMs} ms per contender per level, ${sliceMs} ms slices`);
    const result = await runSuite(s, ctx, { durationMs, sliceMs, redisUnavailable: ctx.redisUnavailable, log });
    const doc = {
      ...result,
      machine: { ...ctx.facts, loadavgAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
      command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
    };
    const file = path.join(resultsDir, `${s.name}-${ctx.facts.date.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");
    if (values.json) {
      console.log(JSON.stringify(doc, null, 2));
    } else {
      const f = doc.machine;
      console.log(formatResult(result));
      console.log(
        `\n${f.date} · ${f.cpus} × ${f.cpuModel} · load ${f.loadavgAtStart.join(" ")} → ${f.loadavgAtEnd.join(" ")} · PostgreSQL ${f.postgres} (${f.database}) · Redis ${f.redis ?? "none"} · Node ${f.node} · git ${f.gitCommit ?? "?"}${f.gitDirty ? "+dirty" : ""}`,
      );
      console.log(`JSON: ${path.relative(packageRoot, file)}\n`);
    }
  }
} finally {
  await close();
}
