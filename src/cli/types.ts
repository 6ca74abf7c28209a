import type { ParseArgsConfig } from "node:util";
import type { Connection, ConnectOptions } from "../db.ts";
import type { Output } from "./output.ts";

/** Exit codes scripts can rely on (docs/cli.md). */
export const EXIT = { ok: 0, failure: 1, crit: 2, schema: 3, usage: 64 } as const;

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CliContext {
  /** Positionals after the command name (subcommand first, where the command has them). */
  args: string[];
  values: OptionValues;
  json: boolean;
  out: Output;
  /** Opens the database (DATABASE_URL, --database-url or the embedded cluster); closed by the CLI on exit. */
  connect(opts?: ConnectOptions): Promise<Connection>;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Usage lines shown by `pgfirst <name> --help`. */
  usage: string;
  options?: NonNullable<ParseArgsConfig["options"]>;
  run(ctx: CliContext): Promise<number>;
}
