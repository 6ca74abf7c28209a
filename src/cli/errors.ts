/**
 * Every error the CLI reports becomes ONE line and an exit code (docs/cli.md): never a
 * stack trace. `describeError` is the one place that decides which line and which code.
 */
import { InvalidArgumentError } from "commander";
import { EmbeddedPostgresMissingError } from "../db.ts";
import { PgfirstError, SchemaVersionError } from "../errors.ts";
import { EXIT } from "./types.ts";

/** An error the CLI raises on purpose, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const configError = (message: string) => new CliError(message, EXIT.config);

/** Where a connection string points, for error lines ("host:port database"). */
export interface Target {
  host: string;
  port: string;
  database: string;
  user: string;
}

/**
 * Checks a connection string and says where it points. A string that is not a
 * postgres:// URL is a configuration error (exit 78) before any connection is tried.
 * Multi-host strings (h1,h2) are passed to postgres.js as they are.
 */
export function parseTarget(url: string): Target {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw configError(`not a PostgreSQL URL: ${redact(url)} (expected postgres://user@host:port/database)`);
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    if (/^postgres(ql)?:\/\/[^/]*,/i.test(url)) return { host: "(several hosts)", port: "", database: "", user: "" };
    throw configError(`malformed database URL: ${redact(url)}`);
  }
  const host = decodeURIComponent(u.hostname) || u.searchParams.get("host") || process.env.PGHOST || "localhost";
  const port = u.port || u.searchParams.get("port") || process.env.PGPORT || "5432";
  const user = decodeURIComponent(u.username) || process.env.PGUSER || process.env.USER || "postgres";
  const database = decodeURIComponent(u.pathname.slice(1)) || process.env.PGDATABASE || user;
  return { host, port, database, user };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}

const where = (t: Target) => `${t.host}:${t.port} database "${t.database}"`;

/** A connection-level failure (postgres.js or a server SQLSTATE) as a CliError with exit 71, else undefined. */
export function connectionError(e: unknown, t: Target | undefined): CliError | undefined {
  const err = e as { code?: string; errno?: string; message?: string; hostname?: string };
  const code = err?.code ?? "";
  const at = t ? where(t) : "the database";
  const conn = (why: string) => new CliError(`cannot connect to ${at}: ${why}`, EXIT.connection);
  switch (code) {
    case "ECONNREFUSED":
      return conn("connection refused (is PostgreSQL running and listening there?)");
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
      return conn(`unknown host ${t?.host ?? err.hostname ?? ""}`.trimEnd());
    case "ETIMEDOUT":
    case "CONNECT_TIMEOUT":
      return conn("timed out (--connect-timeout)");
    case "ECONNRESET":
    case "EPIPE":
    case "CONNECTION_CLOSED":
    case "CONNECTION_ENDED":
    case "CONNECTION_DESTROYED":
      return conn(`the connection was closed (${code})`);
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return conn("host unreachable");
    case "3D000":
      return new CliError(
        `database "${t?.database ?? "?"}" does not exist on ${t ? `${t.host}:${t.port}` : "the server"}`,
        EXIT.connection,
      );
    case "28P01":
    case "28000":
      return conn(`authentication failed for user "${t?.user ?? "?"}": ${oneLine(err.message)}`);
    case "57P03":
      return conn("the server is starting up or shutting down");
    case "53300":
      return conn("too many connections");
    case "SASL_SIGNATURE_MISMATCH":
    case "AUTH_TYPE_NOT_IMPLEMENTED":
      return conn(oneLine(err.message));
    default:
      return undefined;
  }
}

export const oneLine = (s: unknown) =>
  String(s ?? "")
    .replace(/\s*\n\s*/g, " ")
    .trim();

/** The single line and exit code for any error a command throws. */
export function describeError(e: unknown, t: Target | undefined): { message: string; exitCode: number; code?: string } {
  if (e instanceof CliError) return { message: oneLine(e.message), exitCode: e.exitCode };
  if (e instanceof InvalidArgumentError) return { message: oneLine(e.message), exitCode: EXIT.usage };
  if (e instanceof SchemaVersionError) return { message: oneLine(e.message), exitCode: EXIT.schema, code: e.code };
  if (e instanceof EmbeddedPostgresMissingError) return { message: oneLine(e.message), exitCode: EXIT.unavailable };
  if (e instanceof PgfirstError) {
    return {
      message: `${oneLine(e.message)} [${e.code}]${e.hint ? ` (hint: ${oneLine(e.hint)})` : ""}`,
      exitCode: EXIT.failure,
      code: e.code,
    };
  }
  const conn = connectionError(e, t);
  if (conn) return { message: conn.message, exitCode: conn.exitCode };
  const err = e as { code?: unknown; message?: unknown; address?: string; port?: number; severity?: unknown };
  if (err?.code === "EADDRINUSE" || err?.code === "EACCES") {
    const addr = `${err.address ?? ""}:${err.port ?? ""}`;
    return {
      message:
        err.code === "EADDRINUSE" ? `address ${addr} is already in use (choose another --port)` : `no permission to listen on ${addr}`,
      exitCode: EXIT.unavailable,
    };
  }
  // Any other server error (a SQLSTATE from PostgreSQL): a failure of the command, not of pgfirst.
  if (typeof err?.code === "string" && /^[0-9A-Z]{5}$/.test(err.code) && err.severity !== undefined) {
    return { message: `${oneLine(err.message)} [${err.code}]`, exitCode: EXIT.failure, code: err.code };
  }
  return { message: `internal error: ${oneLine(err?.message ?? e)} (PGFIRST_DEBUG=1 shows the stack)`, exitCode: EXIT.internal };
}
