/** scripts/gm.ts: the shadow and root databases derived from DATABASE_URL. */
import { describe, expect, it } from "vitest";
import { derivedUrls } from "../scripts/gm.ts";

describe("db:* connection strings", () => {
  it("derives <db>_shadow and postgres on the same server, keeping credentials and parameters", () => {
    const d = derivedUrls("postgres://app:s3cret@db.example:6543/shop?sslmode=require");
    expect(d.shadowName).toBe("shop_shadow");
    expect(d.shadow).toBe("postgres://app:s3cret@db.example:6543/shop_shadow?sslmode=require");
    expect(d.root).toBe("postgres://app:s3cret@db.example:6543/postgres?sslmode=require");
  });

  it("uses postgres_shadow when the URL names no database", () => {
    expect(derivedUrls("postgres://postgres@127.0.0.1:5432").shadowName).toBe("postgres_shadow");
  });
});
