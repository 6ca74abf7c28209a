import { dropdownRefresh, dropdownStatus, refreshMaterializedViews } from "../dropdown.ts";
import { EXIT, type CliCommand } from "./types.ts";

const refreshCommand: CliCommand = {
  name: "refresh",
  summary: "refresh dropdown views now (all, in dependency order, or the named ones) and show their status",
  define(program, act) {
    program
      .command("refresh")
      .description(
        "without names: pgfirst.refresh_materialized_views() (every dropdown, dependency order);\nwith names: pgfirst.dropdown_refresh(name) for each. Exit 1 when a dropdown breaches its max_staleness afterwards.",
      )
      .argument("[names...]", "dropdowns to refresh (default all)")
      .option("--status", "only print pgfirst.dropdown_status")
      .action(
        act(async ({ connect, out, args, values }) => {
          const names = (args[0] as string[] | undefined) ?? [];
          const { sql } = await connect();
          const t0 = performance.now();
          if (!values.status) {
            if (names.length === 0) {
              out.progress("refreshing every dropdown view in dependency order");
              const n = await refreshMaterializedViews(sql);
              out.line(`refreshed ${n} dropdown view(s) in ${Math.round(performance.now() - t0)} ms`);
            } else {
              for (const [i, name] of names.entries()) {
                out.progress(`refreshing ${name} (${i + 1}/${names.length})`);
                const t = performance.now();
                await dropdownRefresh(sql, name);
                out.line(`refreshed ${name} in ${Math.round(performance.now() - t)} ms`);
              }
            }
          }
          const status = await dropdownStatus(sql);
          out.table(
            status.map((s) => ({
              name: s.name,
              view: s.view,
              rows: s.rows,
              last_refresh_at: s.lastRefreshAt,
              last_duration: s.lastDuration,
              refreshes: s.refreshCount,
              stale_since: s.staleSince,
              breached: s.stalenessBreached,
            })),
          );
          out.result(status);
          return status.some((s) => s.stalenessBreached) ? EXIT.failure : EXIT.ok;
        }),
      );
  },
};

export const dropdownCommands: CliCommand[] = [refreshCommand];
