/**
 * Schedules, maintenance and metrics with real connections and processes.
 */
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { maintenance, scheduleNext, scheduleSet, scheduleDelete, health, healthExitCode, cronNext } from "../src/schedule.ts";
import { createMetricsServer } from "../src/metrics.ts";
import { Worker, silentLogger } from "../src/worker.ts";
import { CronInvalidError, CronRebootUnsupportedError, ScheduleSpecError, TimeZoneUnknownError } from "../src/errors.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

function runTicker(args: string[]): Promise<{ calls: number; enqueued: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/schedule-ticker.ts", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`ticker exited ${code}: ${err}`))));
  });
}

describe("schedule_tick under concurrency", () => {
  it("4 processes ticking every 10 ms over 2 simulated hours enqueue every tick of 1,000 schedules exactly once", async () => {
    const t0 = Date.parse("2030-01-01T00:00:00Z");
    const end = t0 + 2 * 3600_000;
    const steps = [5, 10, 15, 20, 30, 60];
    const expected = new Map<string, number[]>();
    await db.sql`delete from pgfirst_private.schedule`;
    for (let i = 0; i < 1000; i++) {
      const name = `s${i}`;
      const ticks: number[] = [];
      if (i % 10 === 9) {
        // interval schedules: every 7 minutes from creation
        await scheduleSet(db.sql, name, "tick", { every: "7 minutes", missed: "all", now: new Date(t0) });
        for (let t = t0 + 7 * 60_000; t <= end; t += 7 * 60_000) ticks.push(t);
      } else {
        const k = steps[i % steps.length]!;
        await scheduleSet(db.sql, name, "tick", { cron: `*/${k} * * * *`, missed: "all", now: new Date(t0) });
        for (let m = k; m <= 120; m += k) ticks.push(t0 + m * 60_000);
      }
      expected.set(name, ticks);
    }
    // 2 simulated hours in about 8 s of wall time
    const speed = 900;
    const start = Date.now() + 1500; // give the processes time to boot
    const args = [db.url, String(start), String(speed), new Date(t0).toISOString(), new Date(end).toISOString()];
    const results = await Promise.all([0, 1, 2, 3].map(() => runTicker(args)));
    expect(results.every((r) => r.calls > 50)).toBe(true); // they really ticked concurrently, many times

    const rows = await db.sql<{ name: string; tick: string; n: string }[]>`
      select payload->'_schedule'->>'name' as name, payload->'_schedule'->>'tick' as tick, count(*) as n
        from pgfirst_private.job where task = 'tick' group by 1, 2`;
    const actual = new Map<string, number[]>();
    for (const r of rows) {
      expect(Number(r.n), `${r.name} at ${r.tick}`).toBe(1);
      actual.set(r.name, [...(actual.get(r.name) ?? []), Date.parse(r.tick)]);
    }
    const total = [...expected.values()].reduce((a, t) => a + t.length, 0);
    expect(rows.length).toBe(total);
    expect(results.reduce((a, r) => a + r.enqueued, 0)).toBe(total);
    for (const [name, ticks] of expected) expect((actual.get(name) ?? []).sort((a, b) => a - b)).toEqual(ticks);
  }, 120_000);
});

describe("maintenance under concurrency", () => {
  it("two sessions running maintenance at once delete each expired dead letter exactly once", async () => {
    const total = 5000;
    await db.sql`select pgfirst.setting_set('maintenance.batch', '700')`;
    await db.sql`
      insert into pgfirst_private.job_dead (id, tenant, queue, task, payload, priority, run_at, state, attempt,
        max_attempts, errors, created_at, updated_at, finished_at)
      select nextval('pgfirst_private.job_id_seq'), '', 'q', 'expired', '{}', 0, t, 'dead', 1, 1, '[]', t, t, t
        from (select timestamptz '2030-01-01' + g * interval '1 second' as t from generate_series(1, ${total}) g) x`;
    const now = new Date("2030-03-01T00:00:00Z");
    const sessions = [db.connect(1), db.connect(1)];
    const purged = await Promise.all(
      sessions.map(async (sql) => {
        let sum = 0;
        for (;;) {
          const r = await maintenance(sql, now);
          const n = Number(r.dead_purged);
          sum += n;
          if (n === 0) return sum;
        }
      }),
    );
    expect(purged[0]! + purged[1]!).toBe(total);
    const [left] = await db.sql<{ n: string }[]>`select count(*) as n from pgfirst_private.job_dead where task = 'expired'`;
    expect(Number(left!.n)).toBe(0);
    const [runs] = await db.sql<{ n: string }[]>`select count(*) as n from pgfirst_private.maintenance_run where at = ${now}`;
    expect(Number(runs!.n)).toBeGreaterThanOrEqual(2);
  });
});

describe("archive retention under a long reader", () => {
  it("defers a partition drop that cannot get its lock instead of queueing job completions behind it", async () => {
    await db.sql`select pgfirst.setting_set('archive.lock_timeout', '"200 milliseconds"')`;
    await db.sql`select pgfirst.queue_configure(queue => 'arch_lock', keep_finished => '2 days')`;
    await maintenance(db.sql, new Date("2030-01-10T12:00:00Z"));
    const reader = db.connect(1);
    const runner = db.connect(1);
    await runner`set statement_timeout = '20s'`; // before the fix: the drop waited here for the reader
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked!: () => void;
    const readerHasLock = new Promise<void>((r) => {
      locked = r;
    });
    const tx = reader.begin(async (t) => {
      await t`select count(*) from pgfirst_private.job_archive`; // a long report over the archive
      locked();
      await held;
    });
    await readerHasLock;
    const first = await maintenance(runner, new Date("2030-01-13T00:00:00Z"));
    const archive = first.archive as { dropped: string[]; deferred: string[] };
    expect(archive.deferred).toContain("job_archive_p20300110");
    expect(archive.dropped).not.toContain("job_archive_p20300110");
    release();
    await tx;
    const second = await maintenance(runner, new Date("2030-01-13T00:01:00Z"));
    expect((second.archive as { dropped: string[] }).dropped).toContain("job_archive_p20300110");
    await Promise.all([reader.end(), runner.end()]);
  }, 60_000);
});

describe("worker", () => {
  it("two workers tick schedules (each tick runs once) and run the built-in pgfirst.maintenance task", async () => {
    await db.sql`delete from pgfirst_private.schedule where name <> 'pgfirst.maintenance'`;
    await db.sql`delete from pgfirst_private.maintenance_run`;
    await db.sql`truncate pgfirst_private.job`; // the earlier test left ~9,000 unclaimed jobs
    // the default maintenance schedule (as the migration installs it), made due now
    await scheduleSet(db.sql, "pgfirst.maintenance", "pgfirst.maintenance", { cron: "* * * * *", missed: "skip", queue: "pgfirst" });
    await db.sql`update pgfirst_private.schedule set next_run = now() where name = 'pgfirst.maintenance'`;
    await scheduleSet(db.sql, "worker.every", "count_tick", { every: "1 second", missed: "skip" });
    const ticks: string[] = [];
    const tasks = {
      count_tick: (p: { _schedule: { tick: string } }) => {
        ticks.push(p._schedule.tick);
      },
    };
    const workers = [0, 1].map(
      () =>
        new Worker({
          sql: db.connect(4),
          tasks,
          logger: silentLogger,
          pollIntervalMs: 100,
          reapIntervalMs: 0,
          scheduleTickIntervalMs: 100,
        }),
    );
    const [startRow] = await db.sql<{ started: Date }[]>`select now() as started`;
    const started = startRow!.started;
    await Promise.all(workers.map((w) => w.start()));
    await new Promise((r) => setTimeout(r, 3500));
    await Promise.all(workers.map((w) => w.stop()));
    const [stopRow] = await db.sql<{ stopped: Date }[]>`select now() as stopped`;
    const stopped = stopRow!.stopped;
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    // one run for the tick made due at the start, plus one more only if the window crossed a
    // minute boundary (the schedule is `* * * * *`): two workers never run one tick twice
    const crossed = Math.floor(stopped.getTime() / 60_000) - Math.floor(started.getTime() / 60_000);
    const [m] = await db.sql<{ n: string }[]>`select count(*) as n from pgfirst_private.maintenance_run`;
    expect(Number(m!.n)).toBeGreaterThanOrEqual(1);
    expect(Number(m!.n)).toBeLessThanOrEqual(1 + crossed);
  }, 30_000);
});

describe("schedule helpers", () => {
  it("map bad input to typed errors", async () => {
    await expect(scheduleSet(db.sql, "x", "t", { cron: "61 * * * *" })).rejects.toBeInstanceOf(CronInvalidError);
    await expect(scheduleSet(db.sql, "x", "t", { cron: "@reboot" })).rejects.toBeInstanceOf(CronRebootUnsupportedError);
    await expect(scheduleSet(db.sql, "x", "t", { cron: "* * * * *", every: "1 minute" })).rejects.toBeInstanceOf(ScheduleSpecError);
    await expect(cronNext(db.sql, "0 0 * * *", new Date(), "Nowhere/Land")).rejects.toMatchObject({ code: "PF503" });
    await expect(cronNext(db.sql, "0 0 * * *", new Date(), "Nowhere/Land")).rejects.toBeInstanceOf(TimeZoneUnknownError);
  });

  it("set, next and delete round-trip through named arguments", async () => {
    await scheduleSet(db.sql, "ny", "t", { cron: "30 2 * * *", timezone: "America/New_York", now: new Date("2024-03-09T12:00:00Z") });
    expect((await scheduleNext(db.sql, "ny"))?.toISOString()).toBe("2024-03-10T07:30:00.000Z");
    expect(await scheduleDelete(db.sql, "ny")).toBe(true);
    expect(await scheduleNext(db.sql, "ny")).toBeNull();
  });

  it("health rows drive the 0/1/2 exit code", async () => {
    const rows = await health(db.sql);
    expect(rows.find((r) => r.check === "schema_version")?.status).toBe("ok");
    expect(healthExitCode(rows)).toBe(rows.some((r) => r.status === "crit") ? 2 : rows.some((r) => r.status === "warn") ? 1 : 0);
    expect(
      healthExitCode([
        { check: "a", status: "ok", value: 0, detail: "" },
        { check: "b", status: "warn", value: 1, detail: "" },
      ]),
    ).toBe(1);
  });
});

/** A strict reader of the Prometheus text format 0.0.4: returns samples, throws on any malformed line. */
function parsePrometheus(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const nameRe = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  const sampleRe = new RegExp(
    `^(${nameRe})(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*",?)*)\\})? (\\S+)(?: (-?\\d+))?$`,
  );
  expect(text.endsWith("\n")).toBe(true);
  for (const line of text.split("\n").slice(0, -1)) {
    if (line.startsWith("# HELP ")) {
      const m = new RegExp(`^# HELP (${nameRe}) .*$`).exec(line);
      if (!m) throw new Error(`bad HELP: ${line}`);
      helps.add(m[1]!);
      continue;
    }
    if (line.startsWith("# TYPE ")) {
      const m = new RegExp(`^# TYPE (${nameRe}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
      if (!m || types.has(m[1]!)) throw new Error(`bad or repeated TYPE: ${line}`);
      types.set(m[1]!, m[2]!);
      continue;
    }
    if (line.startsWith("#") || line === "") throw new Error(`unexpected line: ${JSON.stringify(line)}`);
    const m = sampleRe.exec(line);
    if (!m) throw new Error(`bad sample: ${line}`);
    if (!types.has(m[1]!) || !helps.has(m[1]!)) throw new Error(`sample before its TYPE/HELP: ${line}`);
    const value = m[3] === "NaN" ? NaN : m[3] === "+Inf" ? Infinity : m[3] === "-Inf" ? -Infinity : Number(m[3]);
    if (m[3] !== "NaN" && Number.isNaN(value)) throw new Error(`bad value: ${line}`);
    const labels: Record<string, string> = {};
    for (const lm of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[lm[1]!] = lm[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
    samples.push({ name: m[1]!, labels, value });
  }
  return samples;
}

describe("metrics endpoint", () => {
  it("serves /metrics that parses as Prometheus text with health and queue figures", async () => {
    await db.sql`select pgfirst.job_enqueue(task => 'm', queue => 'metrics "q"')`;
    const server = createMetricsServer(db.sql);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
      const samples = parsePrometheus(await res.text());
      expect(samples.find((s) => s.name === "pgfirst_up")?.value).toBe(1);
      const checks = await health(db.sql);
      for (const c of checks) {
        expect(samples.find((s) => s.name === "pgfirst_health_status" && s.labels.check === c.check)?.value).toBe(
          { ok: 0, warn: 1, crit: 2 }[c.status],
        );
      }
      expect(samples.find((s) => s.name === "pgfirst_queue_pending_jobs" && s.labels.queue === 'metrics "q"')?.value).toBe(1);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
