import logging
import signal
import sys

from django.core.management.base import BaseCommand

from pgfirst.contrib.django import conf, schedules
from pgfirst.contrib.django.worker import build_worker


class Command(BaseCommand):
    help = ("Runs pgfirst jobs: your @task functions and pgfirst's built-in tasks, schedule ticks "
            "and lease reaping. SIGTERM/SIGINT: finish running jobs, then exit 0 (a second signal exits at once).")

    def add_arguments(self, parser):
        d = conf.get("PGFIRST_WORKER", {}) or {}
        parser.add_argument("--concurrency", "-c", type=int, default=d.get("concurrency", 4))
        parser.add_argument("--queues", "-Q", default=",".join(d.get("queues", [])),
                            help="comma-separated queues (default: all)")
        parser.add_argument("--lease", type=float, default=d.get("lease", 30), help="seconds")
        parser.add_argument("--poll", type=float, default=d.get("poll", 1.0), help="seconds between claims when idle")
        parser.add_argument("--database", default=None, help="database alias (default PGFIRST_DATABASE)")
        parser.add_argument("--no-schedule-sync", action="store_true",
                            help="do not sync PGFIRST_SCHEDULES at start")

    def handle(self, concurrency, queues, lease, poll, database, no_schedule_sync, **opts):
        logging.basicConfig(level=logging.INFO if opts["verbosity"] >= 1 else logging.WARNING,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        worker = build_worker(alias=database, concurrency=concurrency, lease=lease, poll=poll,
                              queues=[q for q in queues.split(",") if q] or None)
        if not no_schedule_sync and schedules.configured():
            self._sync(worker)

        def on_signal(signum, frame):
            if worker.stopping:
                self.stderr.write("second signal: exiting now (running jobs will be reaped)")
                sys.stderr.flush()
                import os
                os._exit(1)
            self.stderr.write(f"signal {signum}: finishing running jobs")
            worker.stop()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        self.stdout.write(f"pgfirst worker {worker.worker_id}: concurrency {concurrency}, "
                          f"queues {queues or 'all'}, {len(worker.tasks)} task(s)")
        self.stdout.flush()
        worker.run()
        self.stdout.write(f"stopped: {worker.completed} completed, {worker.failed} failed")

    def _sync(self, worker):
        import psycopg
        from pgfirst.errors import PgfirstError
        try:
            with psycopg.connect(worker.conninfo, autocommit=True) as c:
                names = schedules.sync(c)
            self.stdout.write(f"schedules synced: {', '.join(names)}")
        except psycopg.errors.InsufficientPrivilege:
            self.stderr.write("schedules not synced: this role lacks pgfirst_admin "
                              "(run `manage.py pgfirst_schedules sync` at deploy)")
        except PgfirstError as e:
            self.stderr.write(f"schedules not synced: {e.code} {e}")
            raise
