/**
 * A database with jobs in every state, for the dashboard tests: pending, scheduled (run_at
 * in the future), running (claimed), failed (awaiting retry), dead, cancelled and done
 * (archived through keep_finished). Built through the public SQL API only.
 */
import type { Sql } from "../../src/sql.ts";

export const XSS = `</pre><script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;

export interface Seeded {
  pending: string;
  scheduled: string;
  running: string;
  failed: string;
  dead: string[];
  cancelled: string;
  done: string;
}

async function enqueue(
  sql: Sql,
  task: string,
  queue: string,
  payload: unknown,
  o: { maxAttempts?: number; runAt?: Date; tenant?: string } = {},
): Promise<string> {
  const [r] = await sql<{ id: string }[]>`select pgfirst.job_enqueue(task => ${task}, payload => ${JSON.stringify(payload)}::text::jsonb,
    queue => ${queue}, max_attempts => ${o.maxAttempts ?? 25}, run_at => ${o.runAt ?? null}::timestamptz, tenant => ${o.tenant ?? ""})::text as id`;
  return r!.id;
}

async function claim(sql: Sql, queue: string, worker: string): Promise<string> {
  const [r] = await sql<
    { id: string }[]
  >`select id::text from pgfirst.job_claim(worker_id => ${worker}, queues => array[${queue}]::text[])`;
  if (!r) throw new Error(`nothing to claim in ${queue}`);
  return r.id;
}

export async function seedDashboard(sql: Sql): Promise<Seeded> {
  await sql`select pgfirst.queue_configure(queue => 'mail', keep_finished => '7 days')`;
  // done: claimed and completed in a queue that keeps finished jobs
  await enqueue(sql, "send_receipt", "mail", { to: "ana@example.com", order: 1 }, { tenant: "acme" });
  const done = await claim(sql, "mail", "seed-w1");
  await sql`select pgfirst.job_complete(ids => array[${done}]::bigint[], worker_id => 'seed-w1')`;
  // dead: one attempt, failed (the error text and the payload are hostile HTML)
  const dead: string[] = [];
  for (let i = 0; i < 3; i++) {
    await enqueue(sql, "charge_card", "billing", { card: `4242-${i}`, note: XSS }, { maxAttempts: 1, tenant: i === 0 ? "acme" : "globex" });
    const id = await claim(sql, "billing", "seed-w2");
    await sql`select pgfirst.job_fail(id => ${id}::bigint, worker_id => 'seed-w2', error => ${`card declined ${XSS}`})`;
    dead.push(id);
  }
  // failed, waiting for its retry
  await enqueue(sql, "sync_crm", "crm", { account: 7 }, { tenant: "acme" });
  const failed = await claim(sql, "crm", "seed-w3");
  await sql`select pgfirst.job_fail(id => ${failed}::bigint, worker_id => 'seed-w3', error => 'HTTP 503 from CRM', retry_delay => '1 hour')`;
  // running
  await enqueue(sql, "resize_image", "media", { image: "cat.png" }, { tenant: "globex" });
  const running = await claim(sql, "media", "seed-w4");
  // cancelled
  const cancelled = await enqueue(sql, "send_newsletter", "mail", { list: "weekly" });
  await sql`select pgfirst.job_cancel(id => ${cancelled}::bigint)`;
  // scheduled and pending
  const scheduled = await enqueue(sql, "send_reminder", "mail", { user: 3 }, { runAt: new Date(Date.now() + 3_600_000), tenant: "acme" });
  const pending = await enqueue(sql, "send_welcome", "mail", { user: 4 }, { tenant: "globex" });
  return { pending, scheduled, running, failed, dead, cancelled, done };
}
