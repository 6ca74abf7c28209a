/** What the repository holds: no generated files, no config naming missing paths. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../src/paths.ts";

describe("repository hygiene", () => {
  it("tsconfig.json includes only folders and files that exist", () => {
    const cfg = JSON.parse(readFileSync(path.join(packageRoot, "tsconfig.json"), "utf8")) as { include: string[] };
    for (const p of cfg.include) expect(existsSync(path.join(packageRoot, p)), p).toBe(true);
  });

  it("no generated file is committed (__pycache__, *.pyc, dist/, *.tgz)", () => {
    let files: string[];
    try {
      files = execFileSync("git", ["ls-files"], { cwd: packageRoot, encoding: "utf8" }).split("\n");
    } catch {
      return; // not a git checkout (an unpacked npm package): nothing to check
    }
    expect(files.filter((f) => /(^|\/)__pycache__\/|\.pyc$|^dist\/|\.tgz$/.test(f))).toEqual([]);
  });
});
