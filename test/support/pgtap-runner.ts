/**
 * Our pgTAP runner (no pg_prove needed). runPgTapFile() runs one `.test.sql` file on a
 * reserved connection inside one transaction that is always rolled back, so files never
 * leave data behind and can share a database. The file's own top-level transaction control
 * (begin / start transaction / commit / end / rollback / abort) is skipped; savepoints and
 * `rollback to savepoint` run as written. Session advisory locks and LISTENs, which a
 * rollback keeps, are released afterwards. The file is split into statements by splitSql()
 * (quotes, E'' strings, quoted identifiers, dollar quotes, -- and nested /* *\/ comments);
 * psql meta-commands (\set …) and SQL-standard `begin atomic` bodies are not supported.
 *
 * The TAP lines are every text row the statements return. A file fails when an assertion
 * fails (TODO excepted), when the number of assertions differs from plan(), when there is
 * no plan, or when a statement raises; formatPgTapFailure() says which and why.
 */
import { readFileSync } from "node:fs";
import type { PoolSql as Sql } from "../../src/db.ts";

export interface SqlStatement {
  text: string;
  /** 1-based line in the file where the statement starts. */
  line: number;
}

const IDENT_CHAR = /[A-Za-z0-9_$]/;

/** Index of the quote closing the string or identifier opened at `open` (or the end). */
function closingQuote(source: string, open: number, backslash: boolean): number {
  const q = source[open];
  let j = open + 1;
  while (j < source.length) {
    if (backslash && source[j] === "\\") { j += 2; continue; }
    if (source[j] === q) {
      if (source[j + 1] === q) { j += 2; continue; }
      return j;
    }
    j++;
  }
  return source.length;
}

/** Splits SQL text into statements at top-level semicolons. */
export function splitSql(source: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let start = -1;
  let startLine = 1;
  let line = 1;
  let i = 0;
  const n = source.length;
  const begin = () => {
    if (start < 0) { start = i; startLine = line; }
  };
  const advanceTo = (j: number) => {
    for (; i < j && i < n; i++) if (source[i] === "\n") line++;
  };
  const flush = (end: number) => {
    if (start >= 0) {
      const text = source.slice(start, end).trim();
      if (text) out.push({ text, line: startLine });
    }
    start = -1;
  };
  while (i < n) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === "-" && next === "-") {
      const eol = source.indexOf("\n", i);
      advanceTo(eol < 0 ? n : eol);
      continue;
    }
    if (c === "/" && next === "*") {
      let depth = 0;
      let j = i;
      while (j < n) {
        if (source[j] === "/" && source[j + 1] === "*") { depth++; j += 2; continue; }
        if (source[j] === "*" && source[j + 1] === "/") { depth--; j += 2; if (depth === 0) break; continue; }
        j++;
      }
      advanceTo(j);
      continue;
    }
    if (/\s/.test(c)) { advanceTo(i + 1); continue; }
    if (c === "\\" && start < 0) {
      const eol = source.indexOf("\n", i);
      throw new Error(`line ${line}: psql meta-commands (${source.slice(i, eol < 0 ? n : eol).trim()}) are not supported in pgTAP files`);
    }
    begin();
    if (c === ";") { flush(i); advanceTo(i + 1); continue; }
    if (c === "'" || c === '"') {
      // '…' and "…" double their quote to escape it; E'…' strings also take backslash escapes
      const prev = i > 0 ? source[i - 1]! : "";
      const backslash = c === "'" && (prev === "E" || prev === "e") && (i < 2 || !IDENT_CHAR.test(source[i - 2]!));
      advanceTo(closingQuote(source, i, backslash) + 1);
      continue;
    }
    if (c === "$" && (i === 0 || !IDENT_CHAR.test(source[i - 1]!))) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(source.slice(i, i + 65));
      if (m) {
        const tag = m[0];
        const close = source.indexOf(tag, i + tag.length);
        advanceTo(close < 0 ? n : close + tag.length);
        continue;
      }
    }
    advanceTo(i + 1);
  }
  flush(n);
  return out;
}

/** Top-level transaction control that the runner replaces with its own rolled-back transaction. */
export function isTransactionControl(statement: string): boolean {
  const s = statement.replace(/\s+/g, " ").trim().toLowerCase();
  if (/^rollback( work| transaction)? to\b/.test(s)) return false;
  if (/^(commit|rollback) prepared\b/.test(s)) return false;
  return /^(begin|start transaction|commit|end|rollback|abort)\b/.test(s);
}

export interface Assertion {
  number: number;
  ok: boolean;
  description: string;
  /** "TODO" or "SKIP" when the assertion carries that directive. */
  directive?: "TODO" | "SKIP";
  diagnostics: string[];
}

export interface SqlErrorInfo {
  statement: string;
  /** Line in the file where the statement starts, and where the error points when known. */
  line: number;
  errorLine?: number;
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  where?: string;
}

export interface PgTapResult {
  file: string;
  ok: boolean;
  planned: number | null;
  assertions: Assertion[];
  /** Diagnostics not attached to an assertion (e.g. pgTAP's "Looks like …"). */
  diagnostics: string[];
  error?: SqlErrorInfo;
  /** Every TAP line, as received. */
  tap: string[];
  durationMs: number;
}

const TEST_LINE = /^(not )?ok (\d+)(?: - ?(.*?))?(?:\s+#\s*(TODO|SKIP)\b.*)?$/i;

/** Parses TAP lines into plan, assertions and diagnostics. */
export function parseTap(lines: string[]): Pick<PgTapResult, "planned" | "assertions" | "diagnostics"> {
  let planned: number | null = null;
  const assertions: Assertion[] = [];
  const diagnostics: string[] = [];
  let last: Assertion | undefined;
  for (const raw of lines) {
    const lineText = raw.replace(/\s+$/, "");
    const plan = /^1\.\.(\d+)/.exec(lineText);
    if (plan) { planned = Number(plan[1]); last = undefined; continue; }
    const t = TEST_LINE.exec(lineText);
    if (t) {
      last = {
        number: Number(t[2]),
        ok: !t[1],
        description: (t[3] ?? "").replaceAll("\\#", "#"),
        diagnostics: [],
      };
      if (t[4]) last.directive = t[4].toUpperCase() as "TODO" | "SKIP";
      assertions.push(last);
      continue;
    }
    if (lineText.startsWith("#")) {
      if (last && !last.ok && !/^# Looks like/.test(lineText)) last.diagnostics.push(lineText);
      else diagnostics.push(lineText);
      continue;
    }
    if (lineText.trim()) diagnostics.push(lineText);
  }
  return { planned, assertions, diagnostics };
}

function rowsToTap(rows: readonly Record<string, unknown>[]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const values = Object.values(row);
    if (values.length !== 1 || typeof values[0] !== "string") continue;
    out.push(...values[0].split("\n"));
  }
  return out;
}

export interface RunOptions {
  /** Name shown in messages (default: the path). */
  name?: string;
  /** statement_timeout inside the file's transaction (default 60s). */
  statementTimeout?: string;
}

/** Runs one pgTAP file on a connection reserved from `sql`; always rolls back. */
export async function runPgTapFile(sql: Sql, file: string, options: RunOptions = {}): Promise<PgTapResult> {
  const started = Date.now();
  const name = options.name ?? file;
  const source = readFileSync(file, "utf8");
  const tap: string[] = [];
  let error: SqlErrorInfo | undefined;
  let statements: SqlStatement[];
  try {
    statements = splitSql(source).filter((s) => !isTransactionControl(s.text));
  } catch (e) {
    statements = [];
    error = { statement: "", line: 0, code: "", message: (e as Error).message };
  }
  const conn = await sql.reserve();
  try {
    await conn.unsafe("begin");
    await conn.unsafe(`set local statement_timeout = '${(options.statementTimeout ?? "60s").replaceAll("'", "''")}'`);
    for (const st of statements) {
      try {
        const result = await conn.unsafe(st.text);
        tap.push(...rowsToTap(result as unknown as Record<string, unknown>[]));
      } catch (e) {
        const pe = e as { code?: string; message: string; detail?: string; hint?: string; where?: string; position?: string };
        error = { statement: st.text, line: st.line, code: pe.code ?? "", message: pe.message };
        if (pe.position) {
          const pos = Number(pe.position);
          if (pos > 0) error.errorLine = st.line + (st.text.slice(0, pos - 1).match(/\n/g)?.length ?? 0);
        }
        if (pe.detail) error.detail = pe.detail;
        if (pe.hint) error.hint = pe.hint;
        if (pe.where) error.where = pe.where;
        break;
      }
    }
  } finally {
    try {
      await conn.unsafe("rollback");
      // what a rollback does not undo, so the pooled connection goes back clean
      await conn.unsafe("select pg_catalog.pg_advisory_unlock_all(); unlisten *");
    } finally {
      conn.release();
    }
  }
  const parsed = parseTap(tap);
  const failed = parsed.assertions.some((a) => !a.ok && a.directive !== "TODO");
  const ok = !error && !failed && parsed.planned !== null && parsed.planned === parsed.assertions.length;
  const result: PgTapResult = { file: name, ok, ...parsed, tap, durationMs: Date.now() - started };
  if (error) result.error = error;
  return result;
}

function indent(text: string, by = "    "): string {
  return text.split("\n").map((l) => by + l).join("\n");
}

/** A readable explanation of why a file failed (empty string when it passed). */
export function formatPgTapFailure(r: PgTapResult): string {
  if (r.ok) return "";
  const out: string[] = [];
  const failing = r.assertions.filter((a) => !a.ok && a.directive !== "TODO");
  const ran = r.assertions.length;
  out.push(`${r.file}: ${failing.length} of ${ran} assertion(s) failed` +
    (r.planned === null ? ", no plan" : r.planned !== ran ? `, planned ${r.planned} but ran ${ran}` : "") +
    (r.error ? ", SQL error" : ""));
  for (const a of failing) {
    out.push(`  not ok ${a.number} - ${a.description || "(no description)"}`);
    if (a.diagnostics.length) out.push(indent(a.diagnostics.join("\n")));
  }
  if (r.planned === null && !r.error) out.push("  the file never called plan(N): start it with `select plan(N);`");
  else if (r.planned !== null && r.planned !== ran && !r.error) out.push(`  plan mismatch: plan(${r.planned}) but ${ran} assertion(s) ran`);
  if (r.error) {
    const e = r.error;
    const where = e.errorLine && e.errorLine !== e.line ? `line ${e.line} (error at line ${e.errorLine})` : `line ${e.line}`;
    out.push(`  SQL error in statement at ${where}: SQLSTATE ${e.code || "?"}: ${e.message}`);
    if (e.detail) out.push(`    DETAIL: ${e.detail}`);
    if (e.hint) out.push(`    HINT: ${e.hint}`);
    if (e.where) out.push(`    CONTEXT: ${e.where.split("\n").join(" / ")}`);
    if (e.statement) {
      const lines = e.statement.split("\n");
      const shown = lines.length > 25 ? [...lines.slice(0, 25), `… (${lines.length - 25} more lines)`] : lines;
      out.push("    statement:", indent(shown.join("\n"), "      "));
    }
  }
  const general = r.diagnostics.filter((d) => d.startsWith("#"));
  if (general.length) out.push(indent(general.join("\n"), "  "));
  return out.join("\n");
}
