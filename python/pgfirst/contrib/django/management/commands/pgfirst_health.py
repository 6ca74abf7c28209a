from django.core.management.base import BaseCommand

from pgfirst import client
from pgfirst.contrib.django import conf


class Command(BaseCommand):
    help = "pgfirst.health(): one line per check; exit 1 on any crit, 2 when only warnings (for probes and cron)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=None)

    def handle(self, database, **opts):
        rows = client.health(conf.connection(database))
        for r in rows:
            value = "" if r["value"] is None else r["value"]
            self.stdout.write(f"{r['status']:<5} {r['check']:<28} {value!s:<10} {r['detail'] or ''}")
        statuses = {r["status"] for r in rows}
        if "crit" in statuses:
            raise SystemExit(1)
        if "warn" in statuses:
            raise SystemExit(2)
