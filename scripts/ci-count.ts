/**
 * `tsx scripts/ci-count.ts <vitest-json> [--exit-code N]`: the counts CI reports for one
 * `vitest run --reporter=json`. Prints every skipped test (with its reason when it is listed
 * in test/allowed-skips.json), then as its LAST line `N passed, N failed`.
 * - A skipped (or todo) test that is not listed counts as a failure when CI=true.
 * - A missing or unreadable report, a failed test file with no failed test (an error
 *   outside a test), or a non-zero exit code with nothing failed counts as 1 failed.
 * test/allowed-skips.json maps `<file> > <full test name>` to the reason; a key ending in
 * ` > *` or ` *` matches every test whose name starts with what comes before the `*`.
 * Exit status: 0 when N failed is 0, else 1.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../src/paths.ts";

export const ALLOWED_SKIPS_FILE = path.join(packageRoot, "test", "allowed-skips.json");

interface Assertion { fullName: string; title: string; ancestorTitles: string[]; status: string }
interface Report {
  success: boolean;
  numFailedTestSuites: number;
  testResults: { name: string; status: string; message?: string; assertionResults: Assertion[] }[];
}

export interface Count {
  passed: number;
  failed: number;
  lines: string[];
}

export function loadAllowedSkips(file = ALLOWED_SKIPS_FILE): Record<string, string> {
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
}

/** The reason a test named `key` (`<file> > <full name>`) may be skipped, or undefined. */
export function allowedReason(key: string, allowed: Record<string, string>): string | undefined {
  if (allowed[key] !== undefined) return allowed[key];
  for (const [k, reason] of Object.entries(allowed)) {
    if (k.endsWith("*") && key.startsWith(k.slice(0, -1).trimEnd().replace(/ >$/, ""))) return reason;
  }
  return undefined;
}

export function countReport(report: Report | undefined, opts: { ci: boolean; exitCode?: number; allowed: Record<string, string> }): Count {
  const lines: string[] = [];
  if (!report) {
    lines.push(`no test report (typecheck or global setup failed${opts.exitCode !== undefined ? `, exit ${opts.exitCode}` : ""}): counted as 1 failed`);
    return { passed: 0, failed: 1, lines };
  }
  let passed = 0;
  let failed = 0;
  for (const file of report.testResults) {
    const rel = path.relative(packageRoot, file.name).split(path.sep).join("/");
    let fileFailed = 0;
    for (const a of file.assertionResults) {
      const key = `${rel} > ${[...a.ancestorTitles, a.title].join(" > ")}`;
      if (a.status === "passed") passed++;
      else if (a.status === "failed") {
        failed++;
        fileFailed++;
      } else {
        const reason = allowedReason(key, opts.allowed);
        if (reason !== undefined) lines.push(`allowed skip: ${key} — ${reason}`);
        else if (opts.ci) {
          failed++;
          fileFailed++;
          lines.push(`UNLISTED SKIP (failure under CI=true; list it with a reason in test/allowed-skips.json or make it run): ${key}`);
        } else lines.push(`skipped: ${key}`);
      }
    }
    if (file.status === "failed" && fileFailed === 0) {
      failed++;
      lines.push(`${rel} failed outside any test: ${(file.message ?? "").split("\n")[0]}`);
    }
  }
  if (failed === 0 && opts.exitCode !== undefined && opts.exitCode !== 0) {
    failed = 1;
    lines.push(`vitest exited ${opts.exitCode} with no failed test: counted as 1 failed`);
  }
  return { passed, failed, lines };
}

function main(argv: string[]): number {
  const file = argv[0];
  if (!file) {
    console.error("usage: tsx scripts/ci-count.ts <vitest-json> [--exit-code N]");
    return 64;
  }
  const i = argv.indexOf("--exit-code");
  const exitCode = i >= 0 ? Number(argv[i + 1]) : undefined;
  let report: Report | undefined;
  if (existsSync(file)) {
    try {
      report = JSON.parse(readFileSync(file, "utf8")) as Report;
    } catch {
      report = undefined;
    }
  }
  const c = countReport(report, { ci: process.env.CI === "true", allowed: loadAllowedSkips(), ...(exitCode !== undefined ? { exitCode } : {}) });
  for (const l of c.lines) console.log(l);
  console.log(`${c.passed} passed, ${c.failed} failed`);
  return c.failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(main(process.argv.slice(2)));
}
