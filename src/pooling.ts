/**
 * Transaction-mode pooling (PgBouncer pool_mode=transaction): the URL parameter and the mark
 * on pools made for it. No imports, so the worker can ask without loading the embedded server.
 */

/** Pools made for a transaction-mode pooler (see usesTransactionPooling). */
const transactionPooled = new WeakSet<object>();

/**
 * Splits pgfirst's `pool_mode` URL parameter off a connection string: `pool_mode=transaction`
 * means PgBouncer (or another pooler) in transaction mode; `session` (the default) means a
 * plain connection. The parameter is removed, since the server would reject it.
 */
export function parsePoolMode(url: string): { url: string; transactionPooling: boolean } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, transactionPooling: false };
  }
  const mode = u.searchParams.get("pool_mode");
  if (mode === null) return { url, transactionPooling: false };
  if (mode !== "transaction" && mode !== "session") {
    throw new Error(`pool_mode=${mode} in the connection string: use pool_mode=transaction (PgBouncer in transaction mode) or leave it out`);
  }
  u.searchParams.delete("pool_mode");
  return { url: u.toString(), transactionPooling: mode === "transaction" };
}

/** True when `sql` was made for a transaction-mode pooler (no LISTEN, no prepared statements). */
export function usesTransactionPooling(sql: object): boolean {
  return transactionPooled.has(sql);
}

/** Marks a pool as made for a transaction-mode pooler. */
export function markTransactionPooled(sql: object): void {
  transactionPooled.add(sql);
}
