/**
 * The one connection type every pgfirst helper accepts.
 *
 * `Sql` is what a postgres.js pool (`postgres(url)`) and a transaction's `sql`
 * (`sql.begin(async (tx) => …)`, `tx.savepoint(…)`) have in common: the tagged template,
 * `json`, `array`, `unsafe`. So any helper composes into a caller's transaction:
 *
 *   await sql.begin(async (tx) => {
 *     await orders.insert(tx, order);
 *     await jobEnqueue(tx, "send_receipt", { orderId: order.id }); // committed with the order, or not at all
 *   });
 *
 * `PoolSql` is a pool: what the worker needs (LISTEN, its own connections) and what
 * `createSql`/`connect` return.
 */
import type postgres from "postgres";

// postgres.js declares the part a pool and a transaction share as `ISql`; pools created
// with custom `types` are accepted too (checked by test/public-api.test.ts).
export type Sql = postgres.ISql;
export type PoolSql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

/** JSON that pgfirst stores (cache values, payloads, session data). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A duration: PostgreSQL interval text ("30 seconds", "1 day") or a number of seconds. */
export type Interval = string | number;
