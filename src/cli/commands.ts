import type { CliCommand } from "./types.ts";
import { coreCommands } from "./core.ts";
import { jobCommands } from "./jobs.ts";
import { scheduleCommands } from "./schedule.ts";
import { sessionCommands } from "./session.ts";

/** Every `pgfirst` command (each module appends its own list). */
export const commands: CliCommand[] = [...coreCommands, ...sessionCommands, ...jobCommands, ...scheduleCommands];
