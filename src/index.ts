/**
 * The package entry point (`import … from "pgfirst"`). Kept to re-exports: each area
 * lives in its own module. The cache helpers are a namespace (`cache.get`, `cache.set`).
 */
export { connect, createSql, type Sql, type Connection, type ConnectOptions } from "./db.ts";
export * as cache from "./cache.ts";
// The flat names the package API uses for every area (cacheGet, jobEnqueue, …).
export { get as cacheGet, set as cacheSet, getMany as cacheGetMany, incr as cacheIncr } from "./cache.ts";
export * from "./session.ts";
export * from "./rateLimit.ts";
export * from "./job.ts";
export * from "./worker.ts";
export * from "./schedule.ts";
export * from "./dropdown.ts";
export * from "./errors.ts";
export { migrate, schemaStatus, assertSchemaCurrent, expectedVersion, type SchemaStatus } from "./migrate.ts";
export { buildBundle } from "./bundle.ts";
export { renderMetrics, scrapeMetrics, createMetricsServer } from "./metrics.ts";
