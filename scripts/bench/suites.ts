/**
 * The registry of benchmark suites: their names in the order `npm run bench` runs them
 * without --suite. Suite `x` is the default export (a `BenchSuite`, see harness.ts) of the
 * module scripts/bench/x.ts. The list names every planned suite up front and a name whose
 * module does not exist yet is left out, so each module's branch adds only its own file
 * (no merge conflicts in a shared list). A new suite: add its name here and its module.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchSuite } from "./harness.ts";

export const suiteNames = ["ceiling", "cache", "session", "ratelimit", "queue", "schedule", "dropdown", "dashboard", "mixed"] as const;

const here = path.dirname(fileURLToPath(import.meta.url));

export function suiteAvailable(name: string): boolean {
  return (suiteNames as readonly string[]).includes(name) && existsSync(path.join(here, `${name}.ts`));
}

export async function loadSuite(name: string): Promise<BenchSuite> {
  if (!(suiteNames as readonly string[]).includes(name)) {
    throw new Error(`unknown suite "${name}"; registered: ${suiteNames.join(", ")}`);
  }
  if (!suiteAvailable(name)) throw new Error(`suite "${name}" is registered but scripts/bench/${name}.ts does not exist yet`);
  const mod = (await import(/* @vite-ignore */ `./${name}.ts`)) as { default?: BenchSuite };
  const suite = mod.default;
  if (!suite || suite.name !== name || typeof suite.plan !== "function") {
    throw new Error(`scripts/bench/${name}.ts must export default a BenchSuite named "${name}"`);
  }
  return suite;
}

/** Every suite whose module exists, in registry order. */
export async function loadSuites(): Promise<BenchSuite[]> {
  const out: BenchSuite[] = [];
  for (const name of suiteNames) if (suiteAvailable(name)) out.push(await loadSuite(name));
  return out;
}
