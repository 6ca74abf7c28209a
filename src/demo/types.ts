import type { PoolSql as Sql } from "../db.ts";
import type { Output } from "../cli/output.ts";
import type { OptionValues } from "../cli/types.ts";

/** One part of `pgfirst demo`; each module adds its own in src/demo/<area>.ts. */
export interface DemoSection {
  title: string;
  run(ctx: { sql: Sql; out: Output; values: OptionValues }): Promise<void>;
}
