import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildBundle } from "../bundle.ts";
import { demoSections } from "../demo/sections.ts";
import { serveDropdownDemo } from "../demo/dropdown.ts";
import { schemaStatus } from "../migrate.ts";
import { EXIT, type CliCommand } from "./types.ts";
import { formatTable } from "./output.ts";
import { health, healthExitCode } from "../schedule.ts";

const migrateCommand: CliCommand = {
  name: "migrate",
  summary: "apply pending pgfirst migrations",
  usage: "pgfirst migrate [--database-url URL] [--json]\n\nApplies every committed migration not yet in the database (graphile-migrate).",
  async run({ connect, out }) {
    const { sql } = await connect({ migrate: true });
    const s = await schemaStatus(sql);
    out.line(`pgfirst schema ${s.installed}: up to date`);
    out.result(s);
    return EXIT.ok;
  },
};

const statusCommand: CliCommand = {
  name: "status",
  summary: "schema version and pending migrations (exit 0 when current, 3 otherwise)",
  usage: "pgfirst status [--database-url URL] [--json]",
  async run({ connect, out }) {
    const { sql } = await connect({ migrate: false, checkSchema: false });
    const s = await schemaStatus(sql);
    out.table([{ installed: s.installed ?? "(none)", expected: s.expected, state: s.state, pending: s.pending.length }]);
    for (const p of s.pending) out.line(`  pending: ${p}`);
    out.result(s);
    return s.state === "current" ? EXIT.ok : EXIT.schema;
  },
};

const bundleCommand: CliCommand = {
  name: "bundle",
  summary: "write one SQL file a DBA can apply with psql",
  usage:
    "pgfirst bundle [--out FILE]\n\nWrites dist/pgfirst.sql (default): every committed migration plus graphile-migrate's\nbookkeeping. Apply with: psql -1 -v ON_ERROR_STOP=1 -f dist/pgfirst.sql",
  options: { out: { type: "string", default: "dist/pgfirst.sql" } },
  async run({ values, out }) {
    const file = path.resolve(String(values.out));
    const b = buildBundle();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, b.text);
    out.line(`wrote ${file}: schema ${b.version}, ${b.migrations} migration(s)`);
    out.result({ file, version: b.version, migrations: b.migrations });
    return EXIT.ok;
  },
};

const healthCommand: CliCommand = {
  name: "health",
  summary: "health checks (exit 0 ok, 1 warn, 2 crit)",
  usage:
    "pgfirst health [--database-url URL] [--json] [--no-color]\n\nOne row per check with status ok/warn/crit (thresholds: pgfirst.settings health.*).\nExit code 0 = all ok, 1 = some warn, 2 = some crit: usable from cron or a Kubernetes probe.",
  options: { "no-color": { type: "boolean", default: false } },
  async run({ connect, out, values }) {
    const { sql } = await connect();
    const rows = await health(sql);
    const colour = process.stdout.isTTY && !process.env.NO_COLOR && values["no-color"] !== true;
    const lines = formatTable(
      rows.map((r) => ({ ...r })),
      ["check", "status", "value", "detail"],
    ).split("\n");
    const paint: Record<string, string> = { ok: "\x1b[32m", warn: "\x1b[33m", crit: "\x1b[31m" };
    for (const [i, line] of lines.entries()) {
      if (line === "") continue;
      const row = i >= 2 ? rows[i - 2] : undefined;
      out.line(colour && row ? `${paint[row.status] ?? ""}${line}\x1b[0m` : line);
    }
    out.result(rows);
    const code = healthExitCode(rows);
    return code === 2 ? EXIT.crit : code === 1 ? EXIT.failure : EXIT.ok;
  },
};

const demoCommand: CliCommand = {
  name: "demo",
  summary: "install into the embedded (or given) database and show every module working",
  usage:
    "pgfirst demo [--scale N] [--serve [--port P]] [--database-url URL] [--json]\n\n--scale N   size of the dropdown demo data (default 1: 100k/10k/500 people, 5k locations, 50k assets)\n--serve     afterwards serve the Select2 dropdown page until Ctrl-C (default port 3000)",
  options: { scale: { type: "string" }, serve: { type: "boolean", default: false }, port: { type: "string", default: "3000" } },
  async run({ connect, out, values }) {
    const { sql, embedded, url } = await connect({ migrate: true });
    out.line(
      embedded
        ? `embedded PostgreSQL at 127.0.0.1:${embedded.port} (data in ${embedded.dir})`
        : `database ${url.replace(/:[^:@/]*@/, ":***@")}`,
    );
    for (const section of demoSections) {
      out.heading(`== ${section.title}`);
      await section.run({ sql, out, values });
    }
    if (values.serve) await serveDropdownDemo(sql, out, Number(values.port));
    return EXIT.ok;
  },
};

export const coreCommands: CliCommand[] = [migrateCommand, statusCommand, bundleCommand, healthCommand, demoCommand];
