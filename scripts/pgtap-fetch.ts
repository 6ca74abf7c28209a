/**
 * npm run pgtap:fetch — puts Debian's pgTAP package into the test cache folder
 * (node_modules/.cache/pgfirst/pgtap), where test/support/pgtap.ts finds pgtap.sql.
 * `apt-get download` + `dpkg -x` only: nothing is installed, no server is touched, and
 * pgTAP's source never enters this repository. The plain pgtap.sql script loads on any
 * PostgreSQL 14–18, so one package serves every server version.
 * Package: postgresql-15-pgtap, or postgresql-$PGTAP_PG_MAJOR-pgtap.
 * `npm test` runs the same code (fetchPgTap) by itself when pgTAP is missing.
 */
import { fetchPgTap } from "../test/support/pgtap.ts";

try {
  fetchPgTap((line) => console.log(line));
} catch (e) {
  console.error(`pgtap:fetch: ${(e as Error).message}`);
  process.exit(1);
}
