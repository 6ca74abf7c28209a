/**
 * The Select2 demo page in a real browser: playwright-core driving Debian's Chromium
 * (/usr/bin/chromium, or $CHROMIUM_PATH). Types a term, sees matching results, scrolls to
 * load page 2 (keyset cursor), picks a value. Skipped, saying why, only when no Chromium
 * executable exists (CI installs Debian's `chromium`).
 */
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "./support/db.ts";
import { createDropdownDemoServer, installDropdownDemo } from "../src/demo/dropdown.ts";

const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p): p is string => !!p && existsSync(p),
);
if (!executablePath) console.warn("[dropdown-browser] skipped: no Chromium executable (install Debian's `chromium` or set CHROMIUM_PATH)");

describe.skipIf(!executablePath)("Select2 demo page in Chromium", () => {
  let db: TestDatabase;
  let server: http.Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await installDropdownDemo(db.sql, 0.05); // acme: 5,000 people
    server = createDropdownDemoServer(db.sql);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-extensions",
        "--disable-sync",
        "--no-first-run",
        "--mute-audio",
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await db?.drop();
  });

  it("types a term, sees matches, scrolls to page 2, picks a value", async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/dropdowns/")) requests.push(r.url());
    });
    await page.goto(base + "/");
    await page.click("#people + .select2 .select2-selection");
    await page.fill(".select2-container--open .select2-search__field", "müll");
    const options = page.locator(
      ".select2-container--open .select2-results__option:not(.select2-results__option--load-more):not(.loading-results)",
    );
    // opening the widget first lists every person; wait for the answer to the typed term
    const matching = async () => {
      const t = await options.allTextContents();
      return t.length > 0 && t.every((x) => x.startsWith("Müller, ")) ? t.length : -t.length;
    };
    await expect.poll(matching, { timeout: 10_000 }).toBe(30);

    // scroll the list to its end: Select2 asks for page 2, with the cursor of page 1
    await page.locator(".select2-container--open .select2-results__options").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
      el.dispatchEvent(new Event("scroll"));
    });
    await expect.poll(() => options.count(), { timeout: 10_000 }).toBeGreaterThan(30);
    const page2 = requests.find((u) => new URL(u).searchParams.get("page") === "2");
    expect(page2).toBeDefined();
    expect(new URL(page2!).searchParams.get("after")).toBeTruthy();
    const all = await options.allTextContents();
    expect(new Set(all).size).toBe(all.length); // no row shown twice across pages
    expect(all.every((t) => t.startsWith("Müller, "))).toBe(true);

    // pick the 35th option (from page 2)
    const chosen = all[34]!;
    await options.nth(34).click();
    expect(await page.locator("#people + .select2 .select2-selection__rendered").getAttribute("title")).toBe(chosen);
    const value = await page.evaluate(() => (document.getElementById("people") as HTMLSelectElement).value);
    const [row] = await db.sql<
      { text: string }[]
    >`select text from pgfirst.dropdown_lookup(name => 'people', tenant => 'acme', ids => array[${value}]::text[])`;
    expect(row?.text).toBe(chosen);
    await page.close();
  }, 60_000);

  it('typing the label as shown ("Zimmermann, Brigitte") or its words in another order finds her', async () => {
    for (const term of ["Zimmermann, Brigitte", "brigitte zimmermann", "ZIMMERMANN brig"]) {
      const page = await browser.newPage();
      await page.goto(base + "/");
      const options = page.locator(
        ".select2-container--open .select2-results__option:not(.select2-results__option--load-more):not(.loading-results)",
      );
      await page.click("#people + .select2 .select2-selection");
      await page.fill(".select2-container--open .select2-search__field", term);
      // every option is a Zimmermann, Brigitte (the demo has several, one per employee code)
      const found = async () => {
        const t = await options.allTextContents();
        return t.length > 0 && t.every((x) => x.startsWith("Zimmermann, Brigitte (")) ? "found" : `${term}: ${t.slice(0, 3).join(" | ")}`;
      };
      await expect.poll(found, { timeout: 10_000 }).toBe("found");
      await page.close();
    }
  }, 60_000);
});
