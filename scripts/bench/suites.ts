/**
 * The registry of benchmark suites, in the order `npm run bench` runs them without --suite.
 * A suite is a module scripts/bench/<name>.ts exporting a `BenchSuite` (see harness.ts);
 * add its import and its entry here.
 */
import type { BenchSuite } from "./harness.ts";
import { ceiling } from "./ceiling.ts";

export const suites: BenchSuite[] = [ceiling];
