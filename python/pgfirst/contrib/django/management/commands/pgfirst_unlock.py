from django.core.management.base import BaseCommand

from pgfirst import client
from pgfirst.contrib.django import conf


class Command(BaseCommand):
    help = "Lifts a login lockout: forgets every failure of USERNAME (pgfirst.login_unlock; needs pgfirst_admin)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--tenant", default="", help="tenant of the login ('' without tenants)")
        parser.add_argument("--database", default=None)

    def handle(self, username, tenant, database, **opts):
        found = client.login_unlock(conf.connection(database), username, tenant=tenant)
        if opts["verbosity"] >= 1:
            self.stdout.write(f"{username}: " + ("unlocked" if found else "had no failures or locks"))
