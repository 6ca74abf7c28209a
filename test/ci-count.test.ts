/** scripts/ci-count.ts: what CI counts from vitest's JSON report. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allowedReason, countReport, loadAllowedSkips } from "../scripts/ci-count.ts";
import { packageRoot } from "../src/paths.ts";

const file = (rel: string, statuses: [string, string][], status = "passed") => ({
  name: path.join(packageRoot, rel),
  status,
  assertionResults: statuses.map(([title, s]) => ({ fullName: title, title, ancestorTitles: ["suite"], status: s })),
});
const allowed = { "test/a.test.ts > suite > listed": "because", "test/b.test.ts > *": "whole file" };

describe("countReport", () => {
  it("counts passed and failed tests", () => {
    const c = countReport({ success: false, numFailedTestSuites: 1, testResults: [file("test/a.test.ts", [["x", "passed"], ["y", "failed"]], "failed")] }, { ci: true, allowed });
    expect([c.passed, c.failed]).toEqual([1, 1]);
  });

  it("under CI an unlisted skip is a failure; a listed one is printed with its reason", () => {
    const report = {
      success: true, numFailedTestSuites: 0,
      testResults: [file("test/a.test.ts", [["listed", "skipped"], ["other", "skipped"], ["ok", "passed"]]), file("test/b.test.ts", [["any", "pending"]])],
    };
    const ci = countReport(report, { ci: true, allowed });
    expect([ci.passed, ci.failed]).toEqual([1, 1]);
    expect(ci.lines).toContain("allowed skip: test/a.test.ts > suite > listed — because");
    expect(ci.lines).toContain("allowed skip: test/b.test.ts > suite > any — whole file");
    expect(ci.lines.some((l) => l.startsWith("UNLISTED SKIP") && l.endsWith("test/a.test.ts > suite > other"))).toBe(true);
    const local = countReport(report, { ci: false, allowed });
    expect([local.passed, local.failed]).toEqual([1, 0]);
  });

  it("a missing report, an error outside tests, or a bad exit code with nothing failed is 1 failed", () => {
    expect(countReport(undefined, { ci: true, allowed, exitCode: 2 }).failed).toBe(1);
    const outside = countReport({ success: false, numFailedTestSuites: 1, testResults: [file("test/a.test.ts", [], "failed")] }, { ci: true, allowed });
    expect(outside.failed).toBe(1);
    const exit = countReport({ success: true, numFailedTestSuites: 0, testResults: [file("test/a.test.ts", [["x", "passed"]])] }, { ci: true, allowed, exitCode: 1 });
    expect([exit.passed, exit.failed]).toEqual([1, 1]);
  });

  it("test/allowed-skips.json gives a reason for every entry", () => {
    const list = loadAllowedSkips();
    for (const [k, reason] of Object.entries(list)) {
      expect(k).toMatch(/^test\/[\w./-]+\.test\.ts > /);
      expect(reason.length, k).toBeGreaterThan(20);
    }
    expect(allowedReason("test/pgbouncer.test.ts > PgBouncer > worker", list)).toBeDefined();
  });
});
