import * as cache from "../cache.ts";
import type { DemoSection } from "./types.ts";

export const cacheDemo: DemoSection = {
  title: "Cache (replaces Redis GET/SET/INCR and the Select2 cache)",
  async run({ sql, out }) {
    // Until the cache migration is committed, the embedded default (committed migrations
    // only) has no cache functions: say so instead of failing the whole demo.
    const [installed] = await sql<{ ok: boolean }[]>`
      select to_regprocedure('pgfirst.cache_lease(text, text, interval, text, timestamptz)') is not null as ok`;
    if (!installed?.ok) {
      out.line("cache module not installed in this database (its migration is not committed yet)");
      out.result({ installed: false });
      return;
    }
    const ns = "demo";
    await cache.clear(sql, { namespace: ns });
    await cache.configure(sql, ns, { defaultTtl: "5 minutes", staleTtl: "1 minute" });
    await cache.set(sql, ns, "user:42", { name: "Ada", plan: "pro" });
    await cache.setMany(sql, ns, { "country:fr": "France", "country:de": "Germany" }, { ttl: "1 hour" });
    const one = await cache.get(sql, ns, "user:42");
    const many = await cache.getMany(sql, ns, ["country:fr", "country:de", "country:xx"]);
    const hits = [await cache.incr(sql, ns, "page:hits"), await cache.incr(sql, ns, "page:hits", 10)];
    const firstAdd = await cache.add(sql, ns, "lock:report", true, { ttl: 30 });
    const secondAdd = await cache.add(sql, ns, "lock:report", true, { ttl: 30 });
    let computed = 0;
    const compute = async () => {
      computed++;
      return { total: 1234 };
    };
    const report = await Promise.all([1, 2, 3].map(() => cache.getOrSet(sql, ns, "report", "10 minutes", compute)));
    out.table([
      { call: "get user:42", result: JSON.stringify(one) },
      { call: "getMany country:fr,de,xx", result: JSON.stringify(Object.fromEntries(many)) },
      { call: "incr page:hits (+1, +10)", result: hits.join(", ") },
      { call: "add lock:report twice", result: `${firstAdd}, ${secondAdd}` },
      { call: "3 concurrent getOrSet(report)", result: `${JSON.stringify(report[0])}; compute ran ${computed}×` },
    ]);
    out.result({ one, many: Object.fromEntries(many), hits: hits.map(String), firstAdd, secondAdd, computed });
  },
};
