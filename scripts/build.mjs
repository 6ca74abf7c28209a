#!/usr/bin/env node
/**
 * `npm run build` (also run by `prepare` and `prepack`): compiles src/ to dist/ with
 * tsconfig.build.json and writes dist/pgfirst.sql (the psql bundle) next to it.
 *
 * Plain Node on purpose (no tsx): it must run wherever `npm pack` or a git install runs.
 * The output is built in a temporary directory and swapped in with renames, so a CLI
 * started while a build runs sees either the old dist/ or the new one, never half of one.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const tmp = path.join(root, `dist.tmp-${process.pid}`);
const old = path.join(root, `dist.old-${process.pid}`);
const quiet = process.argv.includes("--quiet");
const log = (s) => {
  if (!quiet) process.stderr.write(`build: ${s}\n`);
};

const started = Date.now();
rmSync(tmp, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
log("tsc -p tsconfig.build.json");
const r = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json"), "--outDir", tmp], {
  cwd: root,
  stdio: "inherit",
});
if (r.status !== 0) {
  rmSync(tmp, { recursive: true, force: true });
  process.stderr.write(`build: tsc failed (exit ${r.status ?? r.signal})\n`);
  process.exit(1);
}

// tsc rewrites relative `.ts` imports in the JavaScript but not in the declarations: do the
// same there, so a user's tsconfig needs no allowImportingTsExtensions.
let rewritten = 0;
for (const file of readdirSync(tmp, { recursive: true })) {
  if (!String(file).endsWith(".d.ts")) continue;
  const f = path.join(tmp, String(file));
  const text = readFileSync(f, "utf8");
  const out = text.replace(/((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.ts(["'])/g, "$1$2.js$3");
  if (out !== text) {
    writeFileSync(f, out);
    rewritten++;
  }
}
log(`${rewritten} declaration file(s): relative .ts imports → .js`);

// The bundle comes from the compiled bundle.js: the same code `pgfirst bundle` runs.
const { buildBundle } = await import(pathToFileURL(path.join(tmp, "bundle.js")).href);
const bundle = buildBundle();
writeFileSync(path.join(tmp, "pgfirst.sql"), bundle.text);
log(`dist/pgfirst.sql: schema ${bundle.version}, ${bundle.migrations} migration(s)`);

// Two builds at once (a test's build and `npm pack`'s prepack) may race for the swap: retry.
for (let attempt = 1; ; attempt++) {
  try {
    if (existsSync(dist)) renameSync(dist, old);
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
  }
  try {
    renameSync(tmp, dist);
    break;
  } catch (e) {
    if (!["ENOTEMPTY", "EEXIST"].includes(e.code) || attempt >= 20) throw e;
    await new Promise((r) => setTimeout(r, 50));
  }
}
rmSync(old, { recursive: true, force: true });
log(`dist/ ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
