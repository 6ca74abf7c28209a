/**
 * npm run pgtap:fetch — puts Debian's pgTAP package into the test cache folder
 * (node_modules/.cache/pgfirst/pgtap), where test/support/pgtap.ts finds pgtap.sql.
 * `apt-get download` + `dpkg -x` only: nothing is installed, no server is touched, and
 * pgTAP's source never enters this repository. The plain pgtap.sql script loads on any
 * PostgreSQL 14–18, so one package serves every server version.
 * Package: postgresql-15-pgtap, or postgresql-$PGTAP_PG_MAJOR-pgtap.
 */
import { $, fs, path, os } from "zx";
import { findPgTapScript, PGTAP_CACHE_DIR } from "../test/support/pgtap.ts";

$.verbose = false;
const pkg = `postgresql-${process.env.PGTAP_PG_MAJOR ?? "15"}-pgtap`;
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "pgfirst-pgtap-"));
await fs.chmod(tmp, 0o755); // apt-get downloads as user _apt when it can reach the folder
try {
  const download = () => $({ cwd: tmp, nothrow: true })`apt-get download ${pkg}`;
  let r = await download();
  if (r.exitCode !== 0) {
    console.log(`apt-get download ${pkg} found nothing; running apt-get update once`);
    await $`apt-get update -qq`;
    r = await download();
  }
  if (r.exitCode !== 0) throw new Error(`apt-get download ${pkg} failed:\n${r.stderr}`);
  const debs = (await fs.readdir(tmp)).filter((f: string) => f.endsWith(".deb"));
  if (debs.length !== 1) throw new Error(`expected one .deb in ${tmp}, found: ${debs.join(", ") || "none"}`);
  await fs.rm(PGTAP_CACHE_DIR, { recursive: true, force: true });
  await fs.mkdirp(PGTAP_CACHE_DIR);
  await $`dpkg -x ${path.join(tmp, debs[0]!)} ${PGTAP_CACHE_DIR}`;
  const script = findPgTapScript({});
  if (!script?.startsWith(PGTAP_CACHE_DIR)) throw new Error(`${debs[0]} unpacked, but no pgtap.sql under ${PGTAP_CACHE_DIR}`);
  console.log(`pgTAP ready: ${path.relative(process.cwd(), script)} (from ${debs[0]})`);
} finally {
  await fs.rm(tmp, { recursive: true, force: true });
}
