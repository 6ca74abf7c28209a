import http from "node:http";
import { dashboardRouter } from "../dashboard/server.ts";
import { port } from "./parse.ts";
import { CliError } from "./errors.ts";
import { EXIT, type CliCommand } from "./types.ts";

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

const dashboardCommand: CliCommand = {
  name: "dashboard",
  summary: "serve the operations dashboard (queues, jobs, schedules, lockouts) on 127.0.0.1",
  define(program, act) {
    program
      .command("dashboard")
      .description(
        "serve the operations dashboard until Ctrl-C. It has NO authentication of its own: it binds 127.0.0.1 by default\n(reach it through an SSH tunnel) — to expose it, mount dashboardRouter() inside your app behind its login (docs/dashboard.md).\nWhat it may do is decided by the database role: without pgfirst_admin (or with --read-only) it only shows.",
      )
      .option("--port <port>", "TCP port (0 = any free port)", port, 4000)
      .option("--host <address>", "address to bind", "127.0.0.1")
      .option("--read-only", "hide every action and refuse action requests (403)")
      .action(
        act(async ({ connect, out, values }) => {
          const host = String(values.host);
          if (host.trim() === "") throw new CliError("--host must not be empty (see pgfirst dashboard --help)", EXIT.usage);
          const { sql } = await connect();
          const handler = dashboardRouter(sql, { readOnly: values.readOnly === true });
          const server = http.createServer((req, res) => handler(req, res));
          await new Promise<void>((resolve, reject) => {
            server.once("error", (e: NodeJS.ErrnoException) =>
              reject(
                e.code === "EADDRINUSE" || e.code === "EACCES"
                  ? e // one line, exit 69 (src/cli/errors.ts)
                  : new CliError(`cannot listen on ${host}:${String(values.port)} (${e.code ?? e.message})`, EXIT.unavailable),
              ),
            );
            server.listen(Number(values.port), host, () => {
              server.off("error", reject);
              resolve();
            });
          });
          const addr = server.address();
          const p = typeof addr === "object" && addr ? addr.port : Number(values.port);
          const shown = host.includes(":") ? `[${host}]` : host;
          if (!LOOPBACK.has(host))
            out.progress(`warning: listening on ${host}, not loopback; the dashboard has no authentication of its own (docs/dashboard.md)`);
          out.line(`pgfirst dashboard on http://${shown}:${p}/${values.readOnly ? " (read-only)" : ""} (Ctrl-C to stop)`);
          // The dashboard owns SIGINT/SIGTERM (as the worker does): close the server, then exit 0.
          for (const sig of ["SIGINT", "SIGTERM"] as const) for (const l of process.listeners(sig)) process.off(sig, l);
          await new Promise<void>((resolve) => {
            const stop = () => {
              server.closeAllConnections();
              server.close(() => resolve());
            };
            process.once("SIGINT", stop);
            process.once("SIGTERM", stop);
          });
          out.result({ url: `http://${shown}:${p}/`, readOnly: values.readOnly === true });
          return EXIT.ok;
        }),
      );
  },
};

export const dashboardCommands: CliCommand[] = [dashboardCommand];
