import { sessionCleanup, sessionCount } from "../session.ts";
import { loginUnlock } from "../rateLimit.ts";
import { positiveInt } from "./parse.ts";
import { EXIT, type CliCommand } from "./types.ts";

const sessionsCommand: CliCommand = {
  name: "sessions",
  summary: "sessions: cleanup (delete expired, in batches) | count (live/expired/destroyed per tenant)",
  define(program, act) {
    const s = program.command("sessions").description("sessions: cleanup | count");
    s.command("cleanup")
      .description(
        "delete expired sessions (and tombstones past their absolute expiry) in batches until none are left; safe next to other cleanups (SKIP LOCKED)",
      )
      .option("--batch <n>", "rows per batch", positiveInt, 10000)
      .action(
        act(async ({ values, connect, out }) => {
          const batch = values.batch as number;
          const { sql } = await connect();
          let total = 0;
          for (;;) {
            const n = await sessionCleanup(sql, { maxRows: batch });
            total += n;
            if (n > 0) out.progress(`deleted ${n} (total ${total})`);
            if (n < batch) break;
          }
          out.line(`sessions cleanup: ${total} deleted`);
          out.result({ deleted: total });
          return EXIT.ok;
        }),
      );
    s.command("count")
      .description("live, expired-but-not-yet-deleted and destroyed sessions per tenant")
      .option("--tenant <t>", "only this tenant")
      .action(
        act(async ({ values, connect, out }) => {
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
        }),
      );
  },
};

const loginCommand: CliCommand = {
  name: "login",
  summary: "login throttling: unlock <username> (lift locks and forget failures)",
  define(program, act) {
    program
      .command("login")
      .description("login throttling")
      .command("unlock")
      .description("lift locks and forget failures of a username (needs pgfirst_admin); exit 1 when there were none")
      .argument("<username>", "the username")
      .option("--tenant <t>", "tenant", "")
      .action(
        act(async ({ args, values, connect, out }) => {
          const username = args[0] as string;
          const { sql } = await connect();
          const unlocked = await loginUnlock(sql, username, { tenant: String(values.tenant ?? "") });
          out.line(unlocked ? `unlocked ${username}` : `${username}: no failures or lock recorded`);
          out.result({ username, unlocked });
          return unlocked ? EXIT.ok : EXIT.failure;
        }),
      );
  },
};

export const sessionCommands: CliCommand[] = [sessionsCommand, loginCommand];
