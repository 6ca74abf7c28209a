/**
 * The one way a helper calls a pgfirst SQL function.
 *
 * - **Only the arguments the caller gave are sent.** An argument whose value is `undefined`
 *   is left out of the named-argument list, so the function's own `default` applies: SQL
 *   owns every default (max_attempts, lease, page_size, …) and TypeScript repeats none.
 *   `null` is sent as SQL NULL (for most pgfirst functions: "use the default / the setting"),
 *   except for `jsonb` arguments, where it is the JSON value null.
 * - **Named arguments with explicit casts**: `pgfirst.job_enqueue(task => $1::text, …)`,
 *   so argument order never matters and overload resolution is never ambiguous.
 * - **Results are camelCase because the SQL says so**: each helper's select list aliases
 *   the function's columns (`f.max_attempts as "maxAttempts"`); there is no runtime key
 *   mapper, so what a helper returns is visible in one line of SQL.
 * - **Conversions, one decision each**: `bigint` ids and 64-bit counters are cast to text
 *   and come back as `string` (exact, JSON-safe; whatever `types` the caller's pool uses);
 *   row counts come back as `number`; `timestamptz` as `Date`; `jsonb` as parsed JSON;
 *   intervals go in as text or seconds, and come back as seconds (`…Seconds`) or as
 *   PostgreSQL interval text.
 * - PF SQLSTATEs are rethrown as typed error classes (errors.ts).
 *
 * The statement text is assembled from function names, argument names and casts written in
 * this package's source (checked against a strict pattern); values are always bound
 * parameters. One statement per call, one round trip.
 */
import type { Sql } from "./sql.ts";
import { mapErrors, NotFoundError } from "./errors.ts";

/** SQL type of a named argument. `jsonb` values are sent as JSON text; `interval` accepts seconds. */
export type Cast =
  | "text"
  | "text[]"
  | "jsonb"
  | "jsonb[]"
  | "integer"
  | "integer[]"
  | "bigint"
  | "bigint[]"
  | "boolean"
  | "interval"
  | "timestamptz"
  | "inet"
  | "regclass[]";

/** Named arguments: `{ max_attempts: [o.maxAttempts, "integer"] }`. `undefined` = not given. */
export type Args = Record<string, readonly [value: unknown, cast: Cast]>;

export interface CallOptions {
  /** The FROM alias of a set-returning function (default `f`). */
  alias?: string;
  /** A fixed extra FROM item, e.g. `(select set_config('synchronous_commit', 'off', true)) as s` on the worker's hot path. */
  with?: string;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const SQL_CAST: Record<Cast, string> = {
  text: "text",
  "text[]": "text[]",
  jsonb: "text::jsonb",
  "jsonb[]": "text[]::jsonb[]",
  integer: "int4",
  "integer[]": "int4[]",
  bigint: "int8",
  "bigint[]": "int8[]",
  boolean: "bool",
  interval: "interval",
  timestamptz: "timestamptz",
  inet: "inet",
  "regclass[]": "regclass[]",
};

function param(value: unknown, cast: Cast): unknown {
  if (cast === "jsonb") return JSON.stringify(value); // JS null is the JSON null here
  if (value === null) return null;
  switch (cast) {
    case "interval":
      return typeof value === "number" ? `${value} seconds` : value;
    case "bigint":
      return typeof value === "bigint" || typeof value === "number" ? String(value) : value;
    case "jsonb[]":
      // undefined or null entries: SQL null ("no value")
      return (value as unknown[]).map((v) => (v === undefined || v === null ? null : JSON.stringify(v)));
    case "bigint[]":
      return (value as unknown[]).map((v) => (typeof v === "string" ? v : String(v)));
    default:
      return value;
  }
}

/**
 * The statement pieces and parameters of one call (exported for tests). `before` and
 * `after` surround `pgfirst.fn(…)`: `select ` + `pgfirst.fn(a => $1::text)` + `::text as value`
 * for a scalar function (called in the select list: cheapest), or
 * `select <columns> from ` + … + ` as f` for a set-returning one.
 */
export function buildCall(fn: string, args: Args, before: string, after: string): { text: string[]; values: unknown[] } {
  if (!IDENT.test(fn)) throw new TypeError(`not a pgfirst function name: ${fn}`);
  const text: string[] = [];
  const values: unknown[] = [];
  let open = `${before}pgfirst.${fn}(`;
  for (const [name, [value, cast]] of Object.entries(args)) {
    if (value === undefined) continue;
    if (!IDENT.test(name)) throw new TypeError(`not an argument name: ${name}`);
    text.push(`${open}${values.length ? ", " : ""}${name} => `);
    values.push(param(value, cast));
    open = `::${SQL_CAST[cast]}`;
  }
  text.push(`${open})${after}`);
  return { text, values };
}

function run<T>(sql: Sql, fn: string, args: Args, before: string, after: string): Promise<T[]> {
  const { text, values } = buildCall(fn, args, before, after);
  const strings = Object.assign([...text], { raw: [...text] }) as unknown as TemplateStringsArray;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return mapErrors(async () => [...(await sql<any[]>(strings, ...(values as never[])))] as T[]);
}

/**
 * A scalar (or void) function, called in the select list: `select pgfirst.fn(args) as value`.
 * `value` is the select expression written over `f.value` (default `f.value`), e.g.
 * `f.value::text` for a bigint id. Returns the value (`null` for void or a null result).
 */
export async function callValue<T>(sql: Sql, fn: string, args: Args = {}, value = "f.value", opts: CallOptions = {}): Promise<T> {
  const at = value.indexOf("f.value");
  if (at < 0) throw new TypeError(`value expression must use f.value: ${value}`);
  const rows = await run<{ value: T }>(
    sql,
    fn,
    args,
    `select ${value.slice(0, at)}`,
    `${value.slice(at + "f.value".length)} as value${opts.with ? ` from ${opts.with}` : ""}`,
  );
  return (rows[0]?.value ?? null) as T;
}

/**
 * A set-returning function: `select <columns> from pgfirst.fn(args) as f`, where `columns`
 * is the helper's select list with camelCase aliases (`f.max_attempts as "maxAttempts"`).
 */
export function callRows<T>(sql: Sql, fn: string, args: Args, columns: string, opts: CallOptions = {}): Promise<T[]> {
  return run<T>(sql, fn, args, `select ${columns} from `, ` as ${opts.alias ?? "f"}${opts.with ? `, ${opts.with}` : ""}`);
}

/** Like callRows for a function that always returns one row (a typed NotFoundError if not). */
export async function callRow<T>(sql: Sql, fn: string, args: Args, columns: string): Promise<T> {
  const [row] = await callRows<T>(sql, fn, args, columns);
  if (row === undefined) throw new NotFoundError(`pgfirst.${fn} returned no row`);
  return row;
}
