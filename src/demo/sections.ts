import type { DemoSection } from "./types.ts";
import { cacheDemo } from "./cache.ts";
import { coreDemo } from "./core.ts";
import { sessionDemo } from "./session.ts";
import { jobsDemo } from "./jobs.ts";
import { scheduleDemo } from "./schedule.ts";
import { dropdownDemo } from "./dropdown.ts";

/** The demo's parts, in order (each module appends its own). */
export const demoSections: DemoSection[] = [coreDemo, sessionDemo, jobsDemo, cacheDemo, scheduleDemo, dropdownDemo];
