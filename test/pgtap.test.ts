/**
 * Runs every test/pgtap/**\/*.test.sql file as its own vitest test (named by its path under
 * test/pgtap), each in a rolled-back transaction, all in one fresh test database.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../src/paths.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { formatPgTapFailure, runPgTapFile } from "./support/pgtap-runner.ts";

const root = path.join(packageRoot, "test", "pgtap");
const files = readdirSync(root, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".test.sql"))
  .map((f) => f.split(path.sep).join("/"))
  .sort();

describe("pgTAP", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("finds the pgTAP files", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const rel of files) {
    it(rel, async () => {
      const result = await runPgTapFile(db.sql, path.join(root, rel), { name: `test/pgtap/${rel}` });
      if (!result.ok) {
        const err = new Error(formatPgTapFailure(result));
        err.stack = err.message; // the TAP diagnostics are the useful part, not our stack
        throw err;
      }
      expect(result.assertions.length).toBe(result.planned);
    });
  }
});
