/** Readable tables for people, JSON for machines (`--json`). */
export type Row = Record<string, unknown>;

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function formatTable(rows: Row[], columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (cols.length === 0) return "(no rows)\n";
  const body = rows.map((r) => cols.map((c) => cell(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return (
    [line(cols), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n") + "\n" + (rows.length === 0 ? "(no rows)\n" : "")
  );
}

export interface Output {
  json: boolean;
  /** A heading line (people only). */
  heading(text: string): void;
  /** A line of prose (people only). */
  line(text: string): void;
  table(rows: Row[], columns?: string[]): void;
  /** The machine-readable result of the command (printed once, at the end, with --json). */
  result(value: unknown): void;
  error(text: string): void;
}

export function createOutput(json: boolean, write: (s: string) => void = (s) => process.stdout.write(s)): Output {
  const results: unknown[] = [];
  return {
    json,
    heading: (t) => {
      if (!json) write(`\n${t}\n`);
    },
    line: (t) => {
      if (!json) write(t + "\n");
    },
    table: (rows, columns) => {
      if (!json) write(formatTable(rows, columns));
    },
    result: (v) => {
      if (json) {
        results.push(v);
        write(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x), 2) + "\n");
      }
    },
    error: (t) => process.stderr.write(t + "\n"),
  };
}
