/**
 * src/db.ts connect(): the schema-version gate, and src/errors.ts: PF SQLSTATEs become
 * typed errors carrying code, detail and hint.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../src/db.ts";
import { errorClasses, mapErrors, PgfirstError, SchemaVersionError, SettingTypeError, SettingUnknownError } from "../src/errors.ts";
import { expectedVersion } from "../src/migrate.ts";
import { packageRoot } from "../src/paths.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { createEmptyDatabase, type EmptyDatabase } from "./support/empty-db.ts";

describe("connect() schema check", () => {
  let empty: EmptyDatabase;
  let newer: TestDatabase;

  beforeAll(async () => {
    [empty, newer] = await Promise.all([createEmptyDatabase("unmigrated"), createTestDatabase()]);
    // A later pgfirst migrated this database: one more row in graphile-migrate's bookkeeping.
    await newer.sql`
      insert into graphile_migrate.migrations (hash, previous_hash, filename)
      select 'sha1:ffffffffffffffffffffffffffffffffffffffff', m.hash, '999999.sql'
        from graphile_migrate.migrations m order by m.filename desc limit 1`;
  });
  afterAll(async () => {
    await Promise.all([empty?.drop(), newer?.drop()]);
  });

  it("refuses an unmigrated database and says to run pgfirst migrate", async () => {
    const err = await connect({ url: empty.url, migrate: false }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SchemaVersionError);
    const e = err as SchemaVersionError;
    expect(e.code).toBe("PFTS0");
    expect(e.installed).toBeNull();
    expect(e.expected).toBe(expectedVersion());
    expect(e.message).toContain("pgfirst migrate");
  });

  it("refuses a database migrated by a newer pgfirst and says to upgrade", async () => {
    const err = await connect({ url: newer.url }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SchemaVersionError);
    const e = err as SchemaVersionError;
    expect(e.installed).toBe("999999");
    expect(e.expected).toBe(expectedVersion());
    expect(e.message).toMatch(/upgrade pgfirst/i);
  });

  it("migrates when asked to and then connects", async () => {
    const c = await connect({ url: empty.url, migrate: true, max: 1 });
    try {
      const [v] = await c.sql<{ version: string }[]>`select pgfirst.version() as version`;
      expect(v?.version).toBe(expectedVersion());
      expect(c.embedded).toBeUndefined();
    } finally {
      await c.close();
    }
  });
});

describe("PF errors", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.sql`select pgfirst_private.setting_register('test.batch_size', 'integer', '5', 'a setting for this test')`;
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("setting_set with a value of the wrong type raises SettingTypeError (PF003) with detail and hint", async () => {
    const err = await mapErrors(
      () => db.sql`select pgfirst.setting_set(name => ${"test.batch_size"}::text, value => ${'"five"'}::jsonb)`,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SettingTypeError);
    const e = err as SettingTypeError;
    expect(e.code).toBe("PF003");
    expect(e.detail).toEqual(expect.any(String));
    expect(e.hint).toEqual(expect.any(String));
    expect((e.cause as { code?: string }).code).toBe("PF003");
  });

  it("setting_set with an unknown name raises SettingUnknownError (PF002)", async () => {
    const err = await mapErrors(() => db.sql`select pgfirst.setting_set(name => ${"test.nope"}::text, value => ${"1"}::jsonb)`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SettingUnknownError);
    expect((err as PgfirstError).code).toBe("PF002");
  });

  it("leaves errors outside class PF unchanged", async () => {
    const err = await mapErrors(() => db.sql`select 1 / 0`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeInstanceOf(PgfirstError);
    expect((err as { code?: string }).code).toBe("22012");
  });

  it("maps every code in docs/error-codes.md to the class named there, and no other", () => {
    const doc = readFileSync(path.join(packageRoot, "docs", "error-codes.md"), "utf8");
    const documented = [...doc.matchAll(/^\|\s*(PF[0-9A-Z]{3})\s*\|\s*(\w+)\s*\|/gm)]
      .map((m) => [m[1]!, m[2]!] as const)
      .filter(([code]) => !code.startsWith("PFTS")); // raised by TypeScript, not mapped from SQL
    expect(documented.length).toBeGreaterThan(0);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(Object.entries(errorClasses).map(([code, cls]) => [code, cls.name])));
  });
});
