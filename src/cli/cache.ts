import * as cache from "../cache.ts";
import type { Sql } from "../db.ts";
import { EXIT, type CliCommand, type CliContext } from "./types.ts";

const usage = `pgfirst cache stats                      entries, expired rows, bytes, sampled hits/misses per namespace and tenant
pgfirst cache cleanup [--max-rows N]     remove expired rows and enforce caps, batch by batch, until a batch finds nothing
pgfirst cache cleanup --select2          the old cleanup_select2_cache(): expired entries of namespace select2
pgfirst cache clear --namespace NS [--tenant T] | --tenant T
pgfirst cache test                       self-check against the live database (set/get/expiry/add/incr/cleanup)`;

async function stats({ connect, out }: CliContext): Promise<number> {
  const { sql } = await connect();
  const rows = await cache.stats(sql);
  if (rows.length === 0) out.line("cache is empty");
  else out.table(rows.map((r) => ({ ...r })));
  out.result(rows);
  return EXIT.ok;
}

async function cleanup({ connect, out, values }: CliContext): Promise<number> {
  const { sql } = await connect();
  if (values.select2) {
    const n = await cache.cleanupSelect2(sql);
    out.line(`select2: removed ${n} expired entr${n === 1 ? "y" : "ies"}`);
    out.result({ removed: n });
    return EXIT.ok;
  }
  const maxRows = Number(values["max-rows"] ?? 10000);
  if (!Number.isInteger(maxRows) || maxRows <= 0) {
    out.error("--max-rows must be a positive integer");
    return EXIT.usage;
  }
  // One call covers at most one lap of the table; a short batch means the lap found no more.
  let total = 0;
  for (let batch = 1; ; batch++) {
    const n = await cache.cleanup(sql, { maxRows });
    total += n;
    out.line(`batch ${batch}: removed ${n} (total ${total})`);
    if (n < maxRows) break;
  }
  out.result({ removed: total });
  return EXIT.ok;
}

async function clear({ connect, out, values }: CliContext): Promise<number> {
  const namespace = values.namespace as string | undefined;
  const tenant = values.tenant as string | undefined;
  if (namespace === undefined && tenant === undefined) {
    out.error("cache clear needs --namespace, --tenant or both");
    return EXIT.usage;
  }
  const { sql } = await connect();
  const n = await cache.clear(sql, { ...(namespace !== undefined ? { namespace } : {}), ...(tenant !== undefined ? { tenant } : {}) });
  out.line(`removed ${n} entr${n === 1 ? "y" : "ies"}`);
  out.result({ removed: n });
  return EXIT.ok;
}

/** The self-check: each step states what it proves; a failed step fails the command. */
async function selfTest({ connect, out }: CliContext): Promise<number> {
  const { sql } = await connect();
  const ns = `pgfirst_selftest_${process.pid}`;
  const results: { check: string; ok: boolean }[] = [];
  const check = (name: string, ok: boolean) => { results.push({ check: name, ok }); };
  const hourAgo = new Date(Date.now() - 3_600_000);
  try {
    await cache.set(sql, ns, "k", { n: 1 }, { ttl: 60 });
    check("set then get returns the value", JSON.stringify(await cache.get(sql, ns, "k")) === '{"n":1}');
    check("a value expires after its ttl", (await cache.get(sql, ns, "k", { now: new Date(Date.now() + 61_000) })) === null);
    check("add on a live key does not overwrite", (await cache.add(sql, ns, "k", 2)) === false);
    check("incr starts at 0 and adds", (await cache.incr(sql, ns, "n", 5)) === "5" && (await cache.incr(sql, ns, "n")) === "6");
    check("getMany returns the live keys only", (await cache.getMany(sql, ns, ["k", "n", "missing"])).size === 2);
    await cache.set(sql, ns, "expired", 1, { ttl: 1, now: hourAgo });
    check("an expired key reads as missing", (await cache.get(sql, ns, "expired")) === null);
    check("the expired row exists until cleanup", !(await expiredGone(sql, ns, hourAgo)));
    await sweepUntilGone(sql, ns, hourAgo);
    check("cleanup removed the expired row and kept the live one", (await expiredGone(sql, ns, hourAgo)) && (await cache.get(sql, ns, "k")) !== null);
  } catch (e) {
    check(`no error (${(e as Error).message})`, false);
  } finally {
    await cache.clear(sql, { namespace: ns, tenant: "" }).catch(() => 0); // its keys use the default tenant: no admin needed
  }
  out.table(results.map((r) => ({ check: r.check, result: r.ok ? "ok" : "FAILED" })));
  out.result(results);
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.failure;
}

/** Runs cleanup batches until the self-test's expired row is gone (bounded). */
async function sweepUntilGone(sql: Sql, ns: string, setAt: Date): Promise<void> {
  for (let i = 0; i < 100 && !(await expiredGone(sql, ns, setAt)); i++) {
    if ((await cache.cleanup(sql, { maxRows: 10000 })) === 0 && i > 0) break;
  }
}

async function expiredGone(sql: Sql, ns: string, setAt: Date): Promise<boolean> {
  // Reads the expired key at the instant it was written (when it was live): null means its row is gone.
  const v = await cache.get(sql, ns, "expired", { now: setAt });
  return v === null;
}

export const cacheCommand: CliCommand = {
  name: "cache",
  summary: "cache stats | cleanup | clear | test",
  usage,
  options: {
    "max-rows": { type: "string" },
    select2: { type: "boolean", default: false },
    namespace: { type: "string" },
    tenant: { type: "string" },
  },
  async run(ctx) {
    const sub = ctx.args[0];
    switch (sub) {
      case "stats": return stats(ctx);
      case "cleanup": return cleanup(ctx);
      case "clear": return clear(ctx);
      case "test": return selfTest(ctx);
      default:
        ctx.out.error(`pgfirst cache: unknown subcommand ${sub ? `"${sub}"` : "(none)"}\n\n${usage}`);
        return EXIT.usage;
    }
  },
};

export const cacheCommands: CliCommand[] = [cacheCommand];
