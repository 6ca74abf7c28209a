/**
 * src/embedded.ts with real processes: a live owner is shared, a SIGKILLed owner's
 * postmaster is shut down by the next start, a persistent cluster keeps its data.
 * Each cluster start costs about a second, so the cases share clusters where they can.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql } from "../src/db.ts";
import { alive, startEmbedded, stopOrphan, type EmbeddedCluster } from "../src/embedded.ts";
import { packageRoot } from "../src/paths.ts";

function postmasterPid(dir: string): number {
  return Number(readFileSync(path.join(dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
}

async function selectOne(url: string): Promise<number> {
  const sql = createSql(url, {}, 1);
  try {
    const [row] = await sql<{ one: number }[]>`select 1 as one`;
    return row!.one;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Starts test/fixtures/embedded-owner.ts: a separate Node process owning a cluster in `dir`. */
async function startOwner(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(packageRoot, "test/fixtures/embedded-owner.ts"), dir], {
    cwd: packageRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`embedded-owner exited with ${code} before starting its cluster`)));
  });
  child.stdout!.resume();
  return { child, port: (JSON.parse(line) as { port: number }).port };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));

describe("embedded cluster shared between processes", () => {
  let dir: string;
  let owner: { child: ChildProcess; port: number };
  let mine: EmbeddedCluster | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "pgfirst-embedded-"));
    owner = await startOwner(dir);
  });

  afterAll(async () => {
    owner?.child.kill("SIGKILL");
    if (owner) await exited(owner.child);
    await mine?.stop();
    if (dir) {
      await stopOrphan(path.join(dir, "data"));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("attaches a second process to a live owner's cluster and never stops it", async () => {
    const pid = postmasterPid(dir);
    const attached = await startEmbedded({ dir, persistent: false });
    expect(attached.owned).toBe(false);
    expect(attached.port).toBe(owner.port);
    expect(await selectOne(attached.url())).toBe(1);
    await attached.stop();
    expect(alive(pid)).toBe(true);
    expect(await selectOne(attached.url())).toBe(1);
  });

  it("shuts down the cluster of a SIGKILLed owner (by postmaster.pid) on the next start, which then works", async () => {
    const orphan = postmasterPid(dir);
    owner.child.kill("SIGKILL");
    await exited(owner.child);
    // The postmaster outlives its killed owner: this is the orphan to clean up.
    expect(alive(orphan)).toBe(true);

    mine = await startEmbedded({ dir, persistent: false, fast: true });
    expect(mine.owned).toBe(true);
    expect(alive(orphan)).toBe(false);
    expect(postmasterPid(dir)).not.toBe(orphan);
    expect(await selectOne(mine.url())).toBe(1);

    await mine.stop();
    // Not persistent: the owner's stop removes the data directory.
    expect(existsSync(path.join(dir, "data"))).toBe(false);
  });
});

describe("persistent embedded cluster", () => {
  let dir: string;
  let cluster: EmbeddedCluster | undefined;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "pgfirst-embedded-persist-"));
  });
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps its data across stop() and start", async () => {
    cluster = await startEmbedded({ dir, persistent: true, fast: true });
    const pid = postmasterPid(dir);
    let sql = createSql(cluster.url(), {}, 1);
    await sql`create table kept (v text)`;
    await sql`insert into kept values ('still here')`;
    await sql.end({ timeout: 5 });
    await cluster.stop();
    expect(alive(pid)).toBe(false);
    expect(existsSync(path.join(dir, "data", "postmaster.pid"))).toBe(false);

    cluster = await startEmbedded({ dir, persistent: true, fast: true });
    sql = createSql(cluster.url(), {}, 1);
    try {
      expect(await sql`select v from kept`).toEqual([{ v: "still here" }]);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
