import type { DemoSection } from "./types.ts";

export const coreDemo: DemoSection = {
  title: "Installed",
  async run({ sql, out }) {
    const [v] = await sql<{ version: string }[]>`select pgfirst.version() as version`;
    const [server] = await sql<{ server: string }[]>`select current_setting('server_version') as server`;
    const areas = await sql<{ area: string; functions: number }[]>`
      select split_part(p.proname, '_', 1) as area, count(*)::int as functions
        from pg_proc p
       where p.pronamespace = 'pgfirst'::regnamespace
       group by 1 order by 1`;
    out.line(`pgfirst schema ${v?.version} on PostgreSQL ${server?.server}`);
    out.table(areas);
    const health = await sql`select * from pgfirst.health()`;
    out.heading("Health");
    out.table(health);
    out.result({ version: v?.version, server: server?.server, functions: areas, health });
  },
};
