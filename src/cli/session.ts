import { sessionCleanup, sessionCount } from "../session.ts";
import { loginUnlock } from "../rateLimit.ts";
import { EXIT, type CliCommand } from "./types.ts";

function positiveInt(v: unknown, name: string): number | null {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : (process.stderr.write(`--${name} must be a positive integer\n`), null);
}

const sessionsCommand: CliCommand = {
  name: "sessions",
  summary: "sessions: cleanup (delete expired, in batches) | count (live/expired/destroyed per tenant)",
  usage: [
    "pgfirst sessions cleanup [--batch N] [--json]",
    "pgfirst sessions count [--tenant T] [--json]",
    "",
    "cleanup  deletes expired sessions (and tombstones past their absolute expiry) in batches of",
    "         --batch (default 10000) until none are left; safe next to other cleanups (SKIP LOCKED).",
    "count    live, expired-but-not-yet-deleted and destroyed sessions per tenant.",
  ].join("\n"),
  options: { batch: { type: "string", default: "10000" }, tenant: { type: "string" } },
  async run({ args, values, connect, out }) {
    const sub = args[0];
    if (sub === "cleanup") {
      const batch = positiveInt(values.batch, "batch");
      if (batch === null) return EXIT.usage;
      const { sql } = await connect();
      let total = 0;
      for (;;) {
        const n = await sessionCleanup(sql, { maxRows: batch });
        total += n;
        if (n > 0) out.line(`deleted ${n} (total ${total})`);
        if (n < batch) break;
      }
      out.line(`sessions cleanup: ${total} deleted`);
      out.result({ deleted: total });
      return EXIT.ok;
    }
    if (sub === "count") {
      const { sql } = await connect();
      const opts: { tenant?: string } = {};
      if (typeof values.tenant === "string") opts.tenant = values.tenant;
      const rows = await sessionCount(sql, opts);
      out.table(
        rows.map((r) => ({ ...r, tenant: r.tenant === "" ? "''" : r.tenant })),
        ["tenant", "live", "expired", "destroyed"],
      );
      out.result(rows);
      return EXIT.ok;
    }
    process.stderr.write(`pgfirst sessions: expected "cleanup" or "count"\n`);
    return EXIT.usage;
  },
};

const loginCommand: CliCommand = {
  name: "login",
  summary: "login throttling: unlock <username> (lift locks and forget failures)",
  usage:
    "pgfirst login unlock <username> [--tenant T] [--json]\n\nNeeds pgfirst_admin rights. Exit 1 when the username had no failures or lock.",
  options: { tenant: { type: "string", default: "" } },
  async run({ args, values, connect, out }) {
    if (args[0] !== "unlock" || !args[1]) {
      process.stderr.write(`pgfirst login: usage: pgfirst login unlock <username>\n`);
      return EXIT.usage;
    }
    const { sql } = await connect();
    const unlocked = await loginUnlock(sql, args[1], { tenant: String(values.tenant ?? "") });
    out.line(unlocked ? `unlocked ${args[1]}` : `${args[1]}: no failures or lock recorded`);
    out.result({ username: args[1], unlocked });
    return unlocked ? EXIT.ok : EXIT.failure;
  },
};

export const sessionCommands: CliCommand[] = [sessionsCommand, loginCommand];
