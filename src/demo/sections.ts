import type { DemoSection } from "./types.ts";
import { coreDemo } from "./core.ts";
import { jobsDemo } from "./jobs.ts";
import { scheduleDemo } from "./schedule.ts";
import { sessionDemo } from "./session.ts";

/** The demo's parts, in order (each module appends its own). */
export const demoSections: DemoSection[] = [coreDemo, sessionDemo, jobsDemo, scheduleDemo];
