/** scripts/gm.ts: the shadow and root databases derived from DATABASE_URL. */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitMessage, commitMessageProblem, derivedUrls, MAX_SLUG } from "../scripts/gm.ts";
import { committedMigrations, runGraphileMigrate } from "../src/migrate.ts";
import { committedDir, packageRoot } from "../src/paths.ts";
import { createEmptyDatabase, type EmptyDatabase } from "./support/empty-db.ts";

describe("db:* connection strings", () => {
  it("derives <db>_shadow and postgres on the same server, keeping credentials and parameters", () => {
    const d = derivedUrls("postgres://app:s3cret@db.example:6543/shop?sslmode=require");
    expect(d.shadowName).toBe("shop_shadow");
    expect(d.shadow).toBe("postgres://app:s3cret@db.example:6543/shop_shadow?sslmode=require");
    expect(d.root).toBe("postgres://app:s3cret@db.example:6543/postgres?sslmode=require");
  });

  it("uses postgres_shadow when the URL names no database", () => {
    expect(derivedUrls("postgres://postgres@127.0.0.1:5432").shadowName).toBe("postgres_shadow");
  });
});

describe("db:commit message → migration file name", () => {
  it("refuses a message whose slug graphile-migrate would cut mid-word, and a missing one", () => {
    const long = "review fixes: job claim, reap and release; cache_clear tenant rule";
    expect(commitMessageProblem(long)).toMatch(/graphile-migrate would cut it/);
    expect(commitMessageProblem(undefined)).toMatch(/short name/);
    expect(commitMessageProblem("dropdown search")).toBeUndefined();
  });

  it("reads the message from --message, --message=, -m, or current.sql's header", () => {
    expect(commitMessage(["--message", "a b"], "")).toBe("a b");
    expect(commitMessage(["--message=c"], "")).toBe("c");
    expect(commitMessage(["-m", "d"], "")).toBe("d");
    expect(commitMessage([], "--! Message: from header\n\ncreate table t ();\n")).toBe("from header");
    expect(commitMessage([], "create table t ();\n")).toBeUndefined();
  });

  it("every committed migration has a short name: number and slug of whole words", () => {
    for (const f of committedMigrations()) {
      const m = /^(\d{6})-([a-z0-9_]+(?:-[a-z0-9_]+)*)\.sql$/.exec(f);
      expect(m, f).not.toBeNull();
      expect(m![2]!.length, f).toBeLessThanOrEqual(MAX_SLUG);
    }
  });
});

describe("renaming committed migrations", () => {
  let db: EmptyDatabase;
  let tmp: string;
  beforeAll(async () => {
    db = await createEmptyDatabase("gm_rename");
    tmp = mkdtempSync(path.join(os.tmpdir(), "pgfirst-gm-rename-"));
  });
  afterAll(async () => {
    await db?.drop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("graphile-migrate records only the number, so `migrate` after a rename does nothing", async () => {
    // the same migrations under other (long, old-style) names
    mkdirSync(path.join(tmp, "migrations", "committed"), { recursive: true });
    copyFileSync(path.join(packageRoot, ".gmrc"), path.join(tmp, ".gmrc"));
    for (const f of committedMigrations()) {
      copyFileSync(path.join(committedDir, f), path.join(tmp, "migrations", "committed", `${f.slice(0, 6)}-an-older-much-longer-name-cut-mid-wo.sql`));
    }
    const first = await runGraphileMigrate(["migrate"], { databaseUrl: db.url, cwd: tmp });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout + first.stderr).toMatch(new RegExp(`${committedMigrations().length} committed migrations executed`));
    const before = await db.sql<{ filename: string; hash: string; date: Date }[]>`select filename, hash, date from graphile_migrate.migrations order by filename`;
    expect(before.map((r) => r.filename)).toEqual(committedMigrations().map((f) => `${f.slice(0, 6)}.sql`));

    const again = await runGraphileMigrate(["migrate"], { databaseUrl: db.url });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/Already up to date/);
    const after = await db.sql<{ filename: string; hash: string; date: Date }[]>`select filename, hash, date from graphile_migrate.migrations order by filename`;
    expect(after).toEqual(before);
  });
});
