/**
 * The CLI as users run it: bin/pgfirst.mjs on the compiled dist/ with plain Node (no tsx).
 * `ensureBuilt()` runs `npm run build` when dist/ is missing or older than a source file
 * (`npm test` builds first, so in CI it finds dist/ current); the build swaps dist/ in
 * atomically, so other test files running the CLI meanwhile are not disturbed.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../../src/paths.ts";
import { run, type ProcResult } from "./empty-db.ts";

export const bin = path.join(packageRoot, "bin", "pgfirst.mjs");
const distCli = path.join(packageRoot, "dist", "cli.js");

export function distIsCurrent(): boolean {
  if (!existsSync(distCli)) return false;
  const built = statSync(distCli).mtimeMs;
  const src = path.join(packageRoot, "src");
  return !readdirSync(src, { recursive: true }).some((f) => statSync(path.join(src, String(f))).mtimeMs > built);
}

export async function ensureBuilt(): Promise<void> {
  if (distIsCurrent()) return;
  const r = await run(process.execPath, [path.join(packageRoot, "scripts", "build.mjs"), "--quiet"], {
    cwd: packageRoot,
    timeoutMs: 300_000,
  });
  if (r.code !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
}

/** The environment without DATABASE_URL (each test says which database) and without a TS loader. */
export const cliEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k !== "DATABASE_URL" && k !== "NODE_OPTIONS" && k !== "PGFIRST_FROM_SOURCE"),
);

/** Runs the built CLI (plain `node bin/pgfirst.mjs …`). */
export function pgfirstBuilt(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ProcResult> {
  return run(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? packageRoot,
    env: opts.env ?? cliEnv,
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
}
