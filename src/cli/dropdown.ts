import { dropdownRefresh, dropdownStatus, refreshMaterializedViews } from "../dropdown.ts";
import { EXIT, type CliCommand } from "./types.ts";

const refreshCommand: CliCommand = {
  name: "refresh",
  summary: "refresh dropdown views now (all, in dependency order, or the named ones) and show their status",
  usage: "pgfirst refresh [NAME…] [--status] [--database-url URL] [--json]\n\nWithout names: pgfirst.refresh_materialized_views() (every dropdown, dependency order).\nWith names: pgfirst.dropdown_refresh(name) for each. --status only prints pgfirst.dropdown_status.\nExit 1 when a dropdown breaches its max_staleness afterwards.",
  options: { status: { type: "boolean", default: false } },
  async run({ connect, out, args, values }) {
    const { sql } = await connect();
    const t0 = performance.now();
    if (!values.status) {
      if (args.length === 0) {
        const n = await refreshMaterializedViews(sql);
        out.line(`refreshed ${n} dropdown view(s) in ${Math.round(performance.now() - t0)} ms`);
      } else {
        for (const name of args) {
          const t = performance.now();
          await dropdownRefresh(sql, name);
          out.line(`refreshed ${name} in ${Math.round(performance.now() - t)} ms`);
        }
      }
    }
    const status = await dropdownStatus(sql);
    out.table(status.map((s) => ({ name: s.name, view: s.view, rows: s.rows, last_refresh_at: s.lastRefreshAt, last_duration: s.lastDuration, refreshes: s.refreshCount, stale_since: s.staleSince, breached: s.stalenessBreached })));
    out.result(status);
    return status.some((s) => s.stalenessBreached) ? EXIT.failure : EXIT.ok;
  },
};

export const dropdownCommands: CliCommand[] = [refreshCommand];
