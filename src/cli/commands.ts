import type { CliCommand } from "./types.ts";
import { cacheCommands } from "./cache.ts";
import { coreCommands } from "./core.ts";

/** Every `pgfirst` command (each module appends its own list). */
export const commands: CliCommand[] = [...coreCommands, ...cacheCommands];
