from django.core.management.base import BaseCommand

from pgfirst import client
from pgfirst.contrib.django import conf


class Command(BaseCommand):
    help = "Refreshes dropdown materialized views now: all (refresh_all_dropdown_mvs) or the names given."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*")
        parser.add_argument("--database", default=None)

    def handle(self, names, database, **opts):
        conn = conf.connection(database)
        if names:
            for name in names:
                client.dropdown_refresh(conn, name)
            self.stdout.write(f"refreshed {len(names)} dropdown(s)")
        else:
            self.stdout.write(f"refreshed {client.refresh_all_dropdown_mvs(conn)} dropdown(s)")
