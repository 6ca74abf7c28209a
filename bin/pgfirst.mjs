#!/usr/bin/env node
// The TypeScript sources run through tsx: no build step between a SQL change and the CLI.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../src/cli.ts");
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Let stdout drain; exit even if a library left a handle open.
setTimeout(() => process.exit(code), 3000).unref();
