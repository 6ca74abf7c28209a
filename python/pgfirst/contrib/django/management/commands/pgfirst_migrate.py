from django.core.management.base import BaseCommand
from django.db import transaction

from pgfirst import migrate
from pgfirst.contrib.django import conf


class Command(BaseCommand):
    help = ("Installs or upgrades pgfirst's SQL schema (the committed migrations shipped with the package, "
            "recorded like `pgfirst migrate` and the SQL bundle). --check: exit 3 when not current.")

    def add_arguments(self, parser):
        parser.add_argument("--database", default=None)
        parser.add_argument("--check", action="store_true")

    def handle(self, database, check, **opts):
        conn = conf.connection(database)
        expected = migrate.expected_version()
        if check:
            installed = migrate.installed_version(conn)
            self.stdout.write(f"installed {installed or 'none'}, expected {expected}")
            if installed != expected:
                raise SystemExit(3)
            return
        with transaction.atomic(using=conn.alias):
            applied = migrate.apply_in_transaction(conn)
        self.stdout.write(f"applied {len(applied)} migration(s)" + (f": {', '.join(applied)}" if applied else "")
                          + f"; schema {expected} is current")
