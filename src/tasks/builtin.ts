/**
 * Built-in tasks: merged into every Worker's task map (a user task of the same name wins).
 * Modules add their SQL-backed tasks here (e.g. `pgfirst.dropdown_refresh`, schedule and
 * maintenance ticking), each a thin call to one pgfirst SQL function through `ctx.sql`.
 */
import type { TaskMap } from "../worker.ts";
import { maintenance } from "../schedule.ts";
import { dropdownRefreshTask } from "../dropdown.ts";

export const builtinTasks: TaskMap = {
  /** The default schedule `pgfirst.maintenance` (every minute): every module's bounded cleanup. */
  "pgfirst.maintenance": async (_payload, ctx) => {
    const result = await maintenance(ctx.sql);
    ctx.log.debug("maintenance", result);
    return result;
  },
  /** Does nothing: benchmarks, smoke tests, and checking that a worker is alive. */
  "pgfirst.noop": async () => {},
  /** Waits `payload.ms` milliseconds (abortable): demos and fault tests. */
  "pgfirst.sleep": async (payload: { ms?: number }, ctx) => {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, Math.max(0, Number(payload?.ms ?? 0)));
      ctx.signal.addEventListener(
        "abort",
        () => {
          clearTimeout(t);
          reject(ctx.signal.reason);
        },
        { once: true },
      );
    });
  },
  /** Debounced dropdown refresh enqueued by the dropdown change triggers (payload: { name }). */
  "pgfirst.dropdown_refresh": dropdownRefreshTask,
};
