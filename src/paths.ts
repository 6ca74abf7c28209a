import { fileURLToPath } from "node:url";
import path from "node:path";

/** The package root: where `.gmrc`, `migrations/` and `sql/` live. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const migrationsDir = path.join(packageRoot, "migrations");
export const committedDir = path.join(migrationsDir, "committed");
