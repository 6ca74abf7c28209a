import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildBundle } from "../bundle.ts";
import { demoSections } from "../demo/sections.ts";
import { serveDropdownDemo } from "../demo/dropdown.ts";
import { migrate, schemaStatus } from "../migrate.ts";
import { InvalidArgumentError } from "commander";
import { port, positiveNumber } from "./parse.ts";
import { EXIT, type CliCommand } from "./types.ts";
import { health, healthExitCode } from "../schedule.ts";

const migrateCommand: CliCommand = {
  name: "migrate",
  summary: "apply pending pgfirst migrations and list the ones applied",
  define(program, act) {
    program
      .command("migrate")
      .description("apply every committed migration not yet in the database (graphile-migrate) and list the ones applied")
      .action(
        act(async ({ connect, out }) => {
          const { sql, url } = await connect({ migrate: false, checkSchema: false });
          const before = await schemaStatus(sql);
          if (before.pending.length > 0) {
            out.progress(`applying ${before.pending.length} migration(s)`);
            await migrate(url);
          }
          const after = await schemaStatus(sql);
          const applied = before.pending.filter((f) => after.installed !== null && f.slice(0, 6) <= after.installed);
          for (const f of applied) out.line(`applied ${f}`);
          out.line(
            applied.length > 0
              ? `pgfirst schema ${after.installed}: ${applied.length} migration(s) applied`
              : `pgfirst schema ${after.installed}: up to date, nothing applied`,
          );
          out.result({ ...after, applied });
          return after.state === "current" ? EXIT.ok : EXIT.schema;
        }),
      );
  },
};

const statusCommand: CliCommand = {
  name: "status",
  summary: "schema version and pending migrations (exit 0 when current, 3 otherwise)",
  define(program, act) {
    program
      .command("status")
      .description("installed vs expected schema version and pending migrations (exit 0 when current, 3 otherwise)")
      .action(
        act(async ({ connect, out }) => {
          const { sql } = await connect({ migrate: false, checkSchema: false });
          const s = await schemaStatus(sql);
          out.table([{ installed: s.installed ?? "(none)", expected: s.expected, state: s.state, pending: s.pending.length }]);
          for (const p of s.pending) out.line(`  pending: ${p}`);
          out.result(s);
          return s.state === "current" ? EXIT.ok : EXIT.schema;
        }),
      );
  },
};

const bundleCommand: CliCommand = {
  name: "bundle",
  summary: "write one SQL file a DBA can apply with psql",
  define(program, act) {
    program
      .command("bundle")
      .description(
        "write every committed migration plus graphile-migrate's bookkeeping as one SQL file.\nApply with: psql -1 -v ON_ERROR_STOP=1 -f dist/pgfirst.sql",
      )
      .option("--out <file>", "where to write it", "dist/pgfirst.sql")
      .action(
        act(async ({ values, out }) => {
          const file = path.resolve(String(values.out));
          out.progress("bundling the committed migrations");
          const b = buildBundle();
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, b.text);
          out.line(`wrote ${file}: schema ${b.version}, ${b.migrations} migration(s)`);
          out.result({ file, version: b.version, migrations: b.migrations });
          return EXIT.ok;
        }),
      );
  },
};

const healthCommand: CliCommand = {
  name: "health",
  summary: "health checks (exit 0 ok, 1 warn, 2 crit)",
  define(program, act) {
    program
      .command("health")
      .description(
        "one row per check with status ok/warn/crit (thresholds: pgfirst.settings health.*).\nExit 0 = all ok, 1 = some warn, 2 = some crit: usable from cron or a Kubernetes probe.",
      )
      .option("--no-color", "no ANSI colours (also when NO_COLOR is set or stdout is not a terminal)")
      .action(
        act(async ({ connect, out, values }) => {
          const { sql } = await connect();
          const rows = await health(sql);
          const colour = process.stdout.isTTY && !process.env.NO_COLOR && values.color !== false;
          const ansi: Record<string, string> = { ok: "\x1b[32m", warn: "\x1b[33m", crit: "\x1b[31m" };
          out.table(
            rows.map((r) => ({ ...r })),
            ["check", "status", "value", "detail"],
            colour ? (r, c, text) => (c === "status" ? `${ansi[String(r.status)] ?? ""}${text}\x1b[0m` : text) : undefined,
          );
          out.result(rows);
          const code = healthExitCode(rows);
          return code === 2 ? EXIT.crit : code === 1 ? EXIT.failure : EXIT.ok;
        }),
      );
  },
};

const demoCommand: CliCommand = {
  name: "demo",
  summary: "install into the embedded (or given) database and show every module working",
  define(program, act) {
    program
      .command("demo")
      .description("install into the embedded (or given) database and show every module working")
      .option(
        "--scale <n>",
        "size of the dropdown demo data, in (0, 20] (default 1: 100k/10k/500 people, 5k locations, 50k assets)",
        (v: string) => {
          const n = positiveNumber(v);
          if (n > 20) throw new InvalidArgumentError("must be a number in (0, 20]");
          return n;
        },
      )
      .option("--serve", "afterwards serve the Select2 dropdown page until Ctrl-C")
      .option("--port <port>", "port for --serve", port, 3000)
      .action(
        act(async ({ connect, out, values }) => {
          out.progress(
            process.env.DATABASE_URL || values.databaseUrl
              ? "connecting and migrating"
              : "starting the embedded PostgreSQL and migrating (the first run initialises .pgfirst/)",
          );
          const { sql, embedded, url } = await connect({ migrate: true });
          out.line(
            embedded
              ? `embedded PostgreSQL at 127.0.0.1:${embedded.port} (data in ${embedded.dir})`
              : `database ${url.replace(/:[^:@/]*@/, ":***@")}`,
          );
          for (const section of demoSections) {
            const t0 = performance.now();
            out.progress(`demo: ${section.title}`);
            out.heading(`== ${section.title}`);
            await section.run({ sql, out, values });
            if (performance.now() - t0 > 2000)
              out.progress(`demo: ${section.title} took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
          }
          if (values.serve) await serveDropdownDemo(sql, out, Number(values.port));
          return EXIT.ok;
        }),
      );
  },
};

export const coreCommands: CliCommand[] = [migrateCommand, statusCommand, bundleCommand, healthCommand, demoCommand];
