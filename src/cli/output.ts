/** Readable tables for people (cli-table3), one JSON document for machines (`--json`). */
import Table from "cli-table3";

export type Row = Record<string, unknown>;

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** No borders, two spaces between columns: readable, and greppable (`health | grep crit`). */
const PLAIN_CHARS = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: "  ",
};

/**
 * Rows as a table. `paint(row, column, text)` may wrap a cell in ANSI colour (cli-table3
 * measures cells without the escape codes).
 */
export function formatTable(rows: Row[], columns?: string[], paint?: (row: Row, column: string, text: string) => string): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (cols.length === 0 || rows.length === 0) return cols.length === 0 ? "(no rows)\n" : `${cols.join("  ")}\n(no rows)\n`;
  const table = new Table({ head: cols, chars: PLAIN_CHARS, style: { head: [], border: [], "padding-left": 0, "padding-right": 0 } });
  for (const r of rows) table.push(cols.map((c) => (paint ? paint(r, c, cell(r[c])) : cell(r[c]))));
  return (
    table
      .toString()
      .split("\n")
      .map((l) => l.trimEnd())
      .join("\n") + "\n"
  );
}

export interface Output {
  json: boolean;
  /** A heading line (people only). */
  heading(text: string): void;
  /** A line of prose (people only). */
  line(text: string): void;
  table(rows: Row[], columns?: string[], paint?: (row: Row, column: string, text: string) => string): void;
  /** Progress of long work, on stderr (people and scripts: stdout stays clean). */
  progress(text: string): void;
  /** The machine-readable result: with --json the CLI prints one document when the command ends. */
  result(value: unknown): void;
  error(text: string): void;
}

export interface BufferedOutput extends Output {
  /** The --json document: the one result, an array when a command gave several, null when none. */
  document(): unknown;
}

export const toJson = (v: unknown, indent = 2) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x), indent);

export function createOutput(json: boolean, write: (s: string) => void = (s) => process.stdout.write(s)): BufferedOutput {
  const results: unknown[] = [];
  return {
    json,
    heading: (t) => {
      if (!json) write(`\n${t}\n`);
    },
    line: (t) => {
      if (!json) write(t + "\n");
    },
    table: (rows, columns, paint) => {
      if (!json) write(formatTable(rows, columns, paint));
    },
    progress: (t) => {
      process.stderr.write(`… ${t}\n`);
    },
    result: (v) => {
      results.push(v);
    },
    error: (t) => process.stderr.write(t + "\n"),
    document: () => (results.length === 0 ? null : results.length === 1 ? results[0] : results),
  };
}
