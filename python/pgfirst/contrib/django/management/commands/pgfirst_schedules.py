from django.core.management.base import BaseCommand

from pgfirst import client
from pgfirst.contrib.django import conf, schedules
from pgfirst.contrib.django.tasks import load_task_modules


class Command(BaseCommand):
    help = "sync: PGFIRST_SCHEDULES -> pgfirst.schedule_set (--prune deletes others); list: the schedules and their next runs."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sync", "list"])
        parser.add_argument("--prune", action="store_true", help="delete schedules not in PGFIRST_SCHEDULES (never pgfirst.*)")
        parser.add_argument("--database", default=None)

    def handle(self, action, prune, database, **opts):
        conn = conf.connection(database)
        if action == "sync":
            load_task_modules()
            names = schedules.sync(conn, prune=prune)
            if opts["verbosity"] >= 1:
                self.stdout.write(f"{len(names)} schedule(s) synced" + (f": {', '.join(names)}" if names else ""))
            return
        for r in client.schedules(conn):
            self.stdout.write(f"{r['name']:<32} {r['spec']:<20} {r['timezone']:<16} next {r['next_run']}  "
                              f"task {r['task']} queue {r['queue']}{'' if r['enabled'] else '  (disabled)'}")
