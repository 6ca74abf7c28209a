/**
 * `pgfirst` command line on commander. Each command lives in src/cli/<area>.ts and is
 * listed in src/cli/commands.ts. Every error ends as ONE line on stderr and an exit code
 * (src/cli/errors.ts, docs/cli.md); with --json stdout carries exactly one JSON document,
 * the result or `{"error": …}`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { positiveNumber } from "./cli/parse.ts";
import { commands } from "./cli/commands.ts";
import { CliError, connectionError, describeError, parseTarget, type Target } from "./cli/errors.ts";
import { createOutput, toJson } from "./cli/output.ts";
import { EXIT, type Act } from "./cli/types.ts";
import { connect, createSql, EMBEDDED_DATABASE, type Connection, type ConnectOptions } from "./db.ts";
import { packageRoot } from "./paths.ts";

export function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { version: string }).version;
}

/** One connection attempt before any work, so an unreachable server is one clear line (exit 71). */
async function probe(url: string, options: ConnectOptions["postgres"], t: Target): Promise<void> {
  const sql = createSql(url, options, 1);
  try {
    await sql`select 1`;
  } catch (e) {
    throw connectionError(e, t) ?? e;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

export function buildProgram(act: Act): Command {
  const program = new Command("pgfirst")
    .description("pgfirst — cache, sessions, rate limits, jobs, schedules and dropdowns in PostgreSQL")
    .version(version(), "-V, --version", "print the pgfirst version")
    .option("--database-url <url>", "server to use (default: $DATABASE_URL, else an embedded PostgreSQL in .pgfirst/)")
    .option("--json", "print exactly one JSON document on stdout (errors too)")
    .addOption(
      new Option("--connect-timeout <seconds>", "give up connecting after this many seconds").argParser(positiveNumber).default(10),
    )
    .option("--transaction-pooling", "behind PgBouncer in transaction mode: no prepared statements, no LISTEN")
    .helpOption("-h, --help", "help for pgfirst or a command")
    .showSuggestionAfterError(true)
    .exitOverride()
    // Errors are printed by main() as one line (or one JSON document); help and --version go to stdout.
    .configureOutput({ outputError: () => {} });
  for (const c of commands) c.define(program, act);
  return program;
}

/** "pgfirst jobs retry": the command words of argv, for error lines. */
function commandPath(program: Command, argv: string[]): string {
  const words = ["pgfirst"];
  let cmd = program;
  for (const a of argv) {
    if (a.startsWith("-")) continue;
    const sub = cmd.commands.find((c) => c.name() === a);
    if (!sub) break;
    words.push(a);
    cmd = sub;
  }
  return words.join(" ");
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const out = createOutput(json);
  let label = "pgfirst";
  let exitCode: number = EXIT.ok;
  let target: Target | undefined;
  const open: Connection[] = [];
  const closeAll = async () => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
  };
  const onSignal = (sig: NodeJS.Signals) => {
    void closeAll().finally(() => process.exit(sig === "SIGINT" ? EXIT.sigint : EXIT.sigterm));
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

  const act: Act =
    (action) =>
    async (...commanderArgs) => {
      const cmd = commanderArgs.at(-1) as Command;
      const values = cmd.optsWithGlobals();
      const pgOptions: NonNullable<ConnectOptions["postgres"]> = {
        connect_timeout: values.connectTimeout as number,
        ...(values.transactionPooling ? { prepare: false } : {}),
      };
      exitCode = await action({
        args: cmd.processedArgs as unknown[],
        values,
        json,
        out,
        connect: async (opts = {}) => {
          const url = opts.url ?? (values.databaseUrl as string | undefined) ?? process.env.DATABASE_URL;
          const postgresOptions = { ...pgOptions, ...opts.postgres };
          if (url) {
            target = parseTarget(url);
            await probe(url, postgresOptions, target);
          }
          const c = await connect({ ...opts, ...(url ? { url } : {}), postgres: postgresOptions });
          if (!url) target = { host: "127.0.0.1", port: String(c.embedded?.port ?? ""), database: EMBEDDED_DATABASE, user: "postgres" };
          open.push(c);
          return c;
        },
      });
    };

  const fail = (e: unknown) => {
    const d = describeError(e, target);
    exitCode = d.exitCode;
    out.error(`${label}: ${d.message}`);
    if (process.env.PGFIRST_DEBUG === "1" && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    if (json)
      process.stdout.write(toJson({ error: { message: d.message, exitCode: d.exitCode, ...(d.code ? { code: d.code } : {}) } }) + "\n");
  };

  const program = buildProgram(act);
  label = commandPath(program, argv);
  try {
    await program.parseAsync(argv, { from: "user" });
    if (json) process.stdout.write(toJson(out.document()) + "\n");
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version print and end with 0; anything else is a usage error.
      if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version") exitCode = EXIT.ok;
      else if (e.code === "commander.help")
        exitCode = EXIT.usage; // no (sub)command: the help went to stderr
      else fail(new CliError(`${e.message.replace(/^error: /, "")} (see ${label} --help)`, EXIT.usage));
    } else {
      fail(e);
    }
  } finally {
    await closeAll();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.stdout.off("error", onStdoutError);
  }
  return exitCode;
}
