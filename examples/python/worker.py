"""A pgfirst worker in Python: claim -> heartbeat -> complete/fail (docs/worker-protocol.md).

Run:   DATABASE_URL=postgres://worker@db/app [PGFIRST_QUEUES=mail,default] python3 examples/python/worker.py
Needs: psycopg 3 (Debian: apt-get install python3-psycopg) and a role with pgfirst_worker.
SIGTERM/SIGINT: finish the running task, report the batch, release unstarted jobs, exit 0.
A lost database connection ends the process with an error: restart it (systemd, k8s);
its leases run out and job_reap hands the jobs to another worker.
"""
import json, os, signal, socket, sys, threading, time, traceback, uuid
import psycopg

WORKER_ID = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
LEASE_SECONDS = 30
BATCH = 10
# Queues this worker claims from (PGFIRST_QUEUES=mail,default); None claims from every queue.
QUEUES = [q for q in os.environ.get("PGFIRST_QUEUES", "").split(",") if q] or None
stop = threading.Event()


def send_email(payload):
    print(f"sending to {payload['to']}", flush=True)


# A handler's return value is the job's result (JSON; None = none). A job that depends on
# others (a chain step, a chord callback) gets their results in payload["parent_results"].
def square(payload):
    return payload["x"] * payload["x"]


def total(payload):
    print(f"total of {payload['parent_results']}", flush=True)
    return {"sum": sum(payload["parent_results"])}


TASKS = {"send_email": send_email, "square": square, "total": total}


def log(message):
    print(f"[{WORKER_ID}] {message}", file=sys.stderr, flush=True)


def heartbeat(conn, held, reaped, cancelled, failed, done):
    """Every third of the lease: extend our leases, note jobs reaped or flagged for cancel."""
    try:
        while not done.wait(LEASE_SECONDS / 3):
            rows = conn.execute("select id, cancel_requested from pgfirst.job_heartbeat(worker_id => %s)",
                                (WORKER_ID,)).fetchall()
            reaped.update(held - {job_id for job_id, _ in rows})
            cancelled.update(job_id for job_id, flagged in rows if flagged)
    except psycopg.Error as error:
        log(f"heartbeat failed ({error}); not starting further jobs of this batch")
        failed.set()


def fail(conn, job_id, attempt, error):
    state = conn.execute("select pgfirst.job_fail(id => %s::bigint, worker_id => %s, error => %s, attempt => %s::int)",
                         (job_id, WORKER_ID, error, attempt)).fetchone()[0]
    log(f"job {job_id} attempt {attempt} failed -> {state or 'not ours any more (fenced)'}")


def run_batch(conn, hb_conn, jobs):
    held = {job_id for job_id, *_ in jobs}
    reaped, cancelled, done = set(), set(), threading.Event()
    beat_failed = threading.Event()
    beat = threading.Thread(target=heartbeat, args=(hb_conn, held, reaped, cancelled, beat_failed, done), daemon=True)
    beat.start()
    completed, attempts, results, unstarted = [], [], [], []
    try:
        for job_id, task, payload, attempt in jobs:
            if stop.is_set() or beat_failed.is_set():
                unstarted.append(job_id)
            elif job_id in cancelled:
                fail(conn, job_id, attempt, "cancel requested before start")  # becomes cancelled
            elif job_id not in reaped:
                try:
                    result = TASKS[task](payload)
                except Exception:
                    fail(conn, job_id, attempt, traceback.format_exc())
                else:
                    completed.append(job_id)
                    attempts.append(attempt)
                    results.append(None if result is None else json.dumps(result))
    finally:
        done.set()
        beat.join()
    if completed:
        count = conn.execute("select pgfirst.job_complete(ids => %s::bigint[], worker_id => %s, attempts => %s::int[],"
                             " results => %s::text[]::jsonb[])",
                             (completed, WORKER_ID, attempts, results)).fetchone()[0]
        if count < len(completed):
            log(f"{len(completed) - count} of {len(completed)} completions fenced off (leases reaped)")
    if unstarted:
        conn.execute("select pgfirst.job_release(ids => %s::bigint[], worker_id => %s)", (unstarted, WORKER_ID))


def main(url):
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with psycopg.connect(url, autocommit=True) as conn, psycopg.connect(url, autocommit=True) as hb_conn:
        log("started")
        last_reap = 0.0
        while not stop.is_set():
            if time.monotonic() - last_reap > 5:
                conn.execute("select pgfirst.job_reap()")
                last_reap = time.monotonic()
            jobs = conn.execute("select id, task, payload, attempt from pgfirst.job_claim("
                                "worker_id => %s, queues => %s::text[], max_jobs => %s,"
                                " lease => make_interval(secs => %s))",
                                (WORKER_ID, QUEUES, BATCH, LEASE_SECONDS)).fetchall()
            if jobs:
                run_batch(conn, hb_conn, jobs)
            else:
                stop.wait(1)  # poll; LISTEN on pgfirst.job_listen_channel() would wake us sooner
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(os.environ["DATABASE_URL"]))
