/** Facts the global setup shares with test files through vitest's provide/inject. */
export interface TestServer {
  /** A superuser URL on the test server (its maintenance database). */
  adminUrl: string;
  /** The migrated template every test database is cloned from. */
  template: string;
  /** Every database this run creates is named `pgfirst_test_<runId>_…`. */
  runId: string;
  /** server_version_num, e.g. 180001. */
  serverVersion: number;
  /** "embedded" (private throwaway cluster) or "external" (DATABASE_URL). */
  mode: "embedded" | "external";
}

declare module "vitest" {
  export interface ProvidedContext {
    pgfirstTestServer: TestServer;
  }
}

/** The URL of `database` on the server `adminUrl` points at (same user, password, host). */
export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = "/" + encodeURIComponent(database);
  return u.toString();
}

/** Quotes an identifier for SQL text. */
export function ident(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

export function testDatabasePrefix(runId: string): string {
  return `pgfirst_test_${runId}_`;
}
