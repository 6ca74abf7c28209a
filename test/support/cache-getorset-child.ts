/**
 * One independent process for test/cache-concurrency.test.ts: its own postgres.js pool,
 * says "ready", waits for "go" on stdin, then calls cache.getOrSet once. `compute` counts
 * its runs in the database (cache_incr on another key, so every process sees one total),
 * sleeps to widen the race, and returns a value naming this process.
 * Usage: DATABASE_URL=… tsx cache-getorset-child.ts <namespace> <key>
 */
import { createSql } from "../../src/db.ts";
import * as cache from "../../src/cache.ts";

const [namespace, key] = process.argv.slice(2) as [string, string];
const sql = createSql(process.env.DATABASE_URL!, {}, 1);
await sql`select 1`;
process.stdout.write("ready\n");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
const value = await cache.getOrSet(
  sql,
  namespace,
  key,
  "1 minute",
  async () => {
    await cache.incr(sql, namespace, `${key}:computes`);
    await new Promise((r) => setTimeout(r, 300));
    return { computedBy: process.pid };
  },
  { waitMs: 20_000 },
);
process.stdout.write(JSON.stringify({ value, self: process.pid }) + "\n");
await sql.end();
