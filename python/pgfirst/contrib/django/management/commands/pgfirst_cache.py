import time
import uuid

from django.core.management.base import BaseCommand, CommandError

from pgfirst import client
from pgfirst.contrib.django import conf


class Command(BaseCommand):
    help = ("stats: entries/expired/bytes/hits per namespace and tenant (pgfirst_admin); "
            "cleanup: delete expired entries (--select2: cleanup_select2_cache); "
            "test: write, read and delete one key; clear: one tenant's namespace (--all-tenants: admin).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["stats", "cleanup", "test", "clear"])
        parser.add_argument("--select2", action="store_true")
        parser.add_argument("--namespace", default=None)
        parser.add_argument("--tenant", default="")
        parser.add_argument("--all-tenants", action="store_true")
        parser.add_argument("--database", default=None)

    def handle(self, action, select2, namespace, tenant, all_tenants, database, **opts):
        conn = conf.connection(database)
        if action == "stats":
            rows = client.cache_stats(conn)
            self.stdout.write(f"{'namespace':<20} {'tenant':<16} {'entries':>8} {'expired':>8} {'bytes':>10} {'hits':>8} {'misses':>8}")
            for r in rows:
                tenant_label = r["tenant"] or "''"
                self.stdout.write(f"{r['namespace']:<20} {tenant_label:<16} {r['entries']:>8} {r['expired']:>8} "
                                  f"{r['bytes']:>10} {r['hits']:>8} {r['misses']:>8}")
        elif action == "cleanup":
            n = client.cleanup_select2_cache(conn) if select2 else client.cache_cleanup(conn)
            self.stdout.write(f"removed {n} expired entr{'y' if n == 1 else 'ies'}")
        elif action == "test":
            key, value = f"pgfirst_cache_test:{uuid.uuid4().hex}", {"ok": True}
            t0 = time.perf_counter()
            client.cache_set(conn, namespace or "pgfirst_test", key, value, ttl=60, tenant=tenant)
            got = client.cache_get(conn, namespace or "pgfirst_test", key, tenant=tenant)
            client.cache_delete(conn, namespace or "pgfirst_test", key, tenant=tenant)
            ms = (time.perf_counter() - t0) * 1000
            if got != value:
                raise CommandError(f"cache test failed: wrote {value!r}, read {got!r}")
            self.stdout.write(f"cache ok: set + get + delete in {ms:.1f} ms")
        else:
            if not namespace and all_tenants:
                raise CommandError("--all-tenants needs --namespace")
            n = client.cache_clear(conn, namespace=namespace, tenant=None if all_tenants else tenant)
            self.stdout.write(f"removed {n} entr{'y' if n == 1 else 'ies'}")
