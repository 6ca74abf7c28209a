import type { CliCommand } from "./types.ts";
import { cacheCommands } from "./cache.ts";
import { coreCommands } from "./core.ts";
import { sessionCommands } from "./session.ts";
import { jobCommands } from "./jobs.ts";
import { scheduleCommands } from "./schedule.ts";
import { dropdownCommands } from "./dropdown.ts";
import { dashboardCommands } from "./dashboard.ts";

/** Every `pgfirst` command (each module appends its own list). */
export const commands: CliCommand[] = [
  ...coreCommands,
  ...sessionCommands,
  ...jobCommands,
  ...cacheCommands,
  ...scheduleCommands,
  ...dropdownCommands,
  ...dashboardCommands,
];
