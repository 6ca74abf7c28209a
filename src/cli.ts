/**
 * `pgfirst` command line. Each command lives in src/cli/<area>.ts and is listed in
 * src/cli/commands.ts. Exit codes: see EXIT in src/cli/types.ts and docs/cli.md.
 */
import { parseArgs } from "node:util";
import { commands } from "./cli/commands.ts";
import { createOutput } from "./cli/output.ts";
import { EXIT, type CliCommand } from "./cli/types.ts";
import { connect, type Connection } from "./db.ts";
import { PgfirstError, SchemaVersionError } from "./errors.ts";

const globalOptions = {
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  "database-url": { type: "string" },
} as const;

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "pgfirst — cache, sessions, rate limits, jobs, schedules and dropdowns in PostgreSQL",
    "",
    "Usage: pgfirst <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global options:",
    "  --database-url URL  server to use (default: $DATABASE_URL, else an embedded PostgreSQL in .pgfirst/)",
    "  --json              machine-readable output",
    "  -h, --help          help for a command: pgfirst <command> --help",
    "",
  ].join("\n");
}

function commandHelp(c: CliCommand): string {
  return `pgfirst ${c.name} — ${c.summary}\n\n${c.usage.trim()}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const name = argv[0];
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`pgfirst: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv.slice(1), options: { ...globalOptions, ...command.options }, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`pgfirst ${name}: ${(e as Error).message}\n\n${commandHelp(command)}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    process.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  const json = parsed.values.json === true;
  const out = createOutput(json);
  const open: Connection[] = [];
  const closeAll = async () => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
  };
  const onSignal = (sig: NodeJS.Signals) => {
    void closeAll().finally(() => process.exit(sig === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // The reader went away (`pgfirst stats --watch | head`): stop quietly like any Unix filter
  // instead of crashing on an unhandled EPIPE; other stream errors still surface.
  const onStdoutError = (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    void closeAll().finally(() => process.exit(EXIT.ok));
  };
  process.stdout.on("error", onStdoutError);
  try {
    return await command.run({
      args: parsed.positionals,
      values: parsed.values,
      json,
      out,
      connect: async (opts) => {
        const url = opts?.url ?? (parsed.values["database-url"] as string | undefined);
        const c = await connect({ ...opts, ...(url ? { url } : {}) });
        open.push(c);
        return c;
      },
    });
  } catch (e) {
    if (e instanceof SchemaVersionError) {
      out.error(`pgfirst ${name}: ${e.message}`);
      return EXIT.schema;
    }
    if (e instanceof PgfirstError) {
      out.error(`pgfirst ${name}: ${e.message} [${e.code}]${e.hint ? `\nhint: ${e.hint}` : ""}`);
      return EXIT.failure;
    }
    out.error(`pgfirst ${name}: ${(e as Error).stack ?? String(e)}`);
    return EXIT.failure;
  } finally {
    await closeAll();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.stdout.off("error", onStdoutError);
  }
}
