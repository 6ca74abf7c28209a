"""The example project's tests: `./manage.py test shop` (the test database gets pgfirst's
schema from the pgfirst app's migration)."""
import threading

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase

from pgfirst import client
from pgfirst.contrib.django.worker import build_worker

from .models import Order, Person


def queued(task):
    with connection.cursor() as c:
        c.execute("select count(*) from pgfirst.queue_stats()")  # the API is callable
        c.execute("select id from pgfirst_private.job where task = %s", [task])
        return [r[0] for r in c.fetchall()]


class CacheAndSessions(TestCase):
    def test_cache_is_per_tenant(self):
        self.assertContains(self.client.get("/", HTTP_HOST="acme.shop.test"), "Visits (pgfirst cache): 1")
        self.assertContains(self.client.get("/", HTTP_HOST="acme.shop.test"), "Visits (pgfirst cache): 2")
        self.assertContains(self.client.get("/", HTTP_HOST="globex.shop.test"), "Visits (pgfirst cache): 1")

    def test_login_devices_and_logout_everywhere(self):
        User.objects.create_user("ann", password="pw-ann-123")
        phone, laptop = self.client_class(), self.client_class()
        for c in (phone, laptop):
            r = c.post("/login/", {"username": "ann", "password": "pw-ann-123"}, HTTP_HOST="acme.shop.test")
            self.assertEqual(r.status_code, 302)
        r = laptop.get("/devices/", HTTP_HOST="acme.shop.test")
        self.assertEqual(len(r.json()["sessions"]), 2)
        self.assertEqual(laptop.post("/logout-everywhere/", HTTP_HOST="acme.shop.test").json(), {"ended": 1})
        self.assertEqual(phone.get("/devices/", HTTP_HOST="acme.shop.test").status_code, 302)  # logged out
        self.assertEqual(laptop.get("/devices/", HTTP_HOST="acme.shop.test").status_code, 200)

    def test_session_is_not_valid_in_another_tenant(self):
        User.objects.create_user("bob", password="pw-bob-123")
        self.client.post("/login/", {"username": "bob", "password": "pw-bob-123"}, HTTP_HOST="acme.shop.test")
        self.assertEqual(self.client.get("/devices/", HTTP_HOST="globex.shop.test").status_code, 302)


class LoginThrottle(TestCase):
    def test_sixth_wrong_password_gets_429_with_retry_after(self):
        User.objects.create_user("eve", password="right-password")
        statuses = [self.client.post("/login/", {"username": "eve", "password": "wrong"}).status_code for _ in range(5)]
        self.assertEqual(statuses, [200] * 5)  # the form again, with an error
        r = self.client.post("/login/", {"username": "eve", "password": "right-password"})
        self.assertEqual(r.status_code, 429)
        self.assertGreater(int(r["Retry-After"]), 0)
        call_command("pgfirst_unlock", "eve", verbosity=0)
        self.assertEqual(self.client.post("/login/", {"username": "eve", "password": "right-password"}).status_code, 302)


class OrdersAndJobs(TransactionTestCase):
    def setUp(self):
        # pgfirst's tables are not Django models, so TransactionTestCase's flush leaves jobs
        # of earlier tests behind; this test user (postgres) may remove them directly.
        with connection.cursor() as c:
            c.execute("delete from pgfirst_private.job")

    def test_order_and_its_jobs_commit_or_roll_back_together(self):
        r = self.client.post("/orders/", {"email": "a@example.com", "total": "9.50"}, HTTP_HOST="acme.shop.test")
        self.assertEqual(r.status_code, 201)
        self.assertEqual(len(queued("shop.tasks.send_order_confirmation")), 1)
        with self.assertRaises(ValueError):
            self.client.post("/orders/", {"email": "b@example.com", "total": "1", "fail": "1"}, HTTP_HOST="acme.shop.test")
        self.assertEqual(Order.objects.count(), 1)
        self.assertEqual(len(queued("shop.tasks.send_order_confirmation")), 1)  # the failed request left no job

    def test_worker_sends_the_confirmation(self):
        from django.core import mail
        self.client.post("/orders/", {"email": "c@example.com", "total": "3"}, HTTP_HOST="acme.shop.test")
        worker = build_worker(concurrency=2, queues=["mail", "notifications"], poll=0.1, tick_interval=0)
        t = threading.Thread(target=worker.run, daemon=True)
        t.start()
        try:
            for _ in range(200):
                if not queued("shop.tasks.send_order_confirmation") and not queued("shop.tasks.notify_staff"):
                    break
                threading.Event().wait(0.05)
        finally:
            worker.stop()
            t.join(20)
        self.assertEqual(worker.completed, 2)
        self.assertEqual([m.to for m in mail.outbox], [["c@example.com"]])

    def test_schedules_from_settings(self):
        call_command("pgfirst_schedules", "sync", verbosity=0)
        names = {s["name"]: s for s in client.schedules(connection)}
        self.assertEqual(names["nightly-report"]["timezone"], "Europe/London")
        self.assertEqual(names["planned-maintenance"]["missed"], "skip")
        self.assertEqual(names["cleanup-old-carts"]["task"], "shop.tasks.cleanup_old_carts")


class Select2(TestCase):
    def test_people_dropdown(self):
        Person.objects.create(tenant="acme", first_name="Ada", last_name="Lovelace")
        Person.objects.create(tenant="globex", first_name="Alan", last_name="Turing")
        client.dropdown_refresh(connection, "people")
        r = self.client.get("/pgfirst/dropdowns/people?term=lov", HTTP_HOST="acme.shop.test")
        self.assertEqual([x["text"] for x in r.json()["results"]], ["Lovelace, Ada"])
        r = self.client.get("/pgfirst/dropdowns/people?term=tur", HTTP_HOST="acme.shop.test")
        self.assertEqual(r.json()["results"], [])  # another tenant's people are invisible
        self.assertEqual(self.client.get("/pgfirst/dropdowns/people?page=0", HTTP_HOST="acme.shop.test").status_code, 400)
        self.assertEqual(self.client.get("/pgfirst/dropdowns/nope", HTTP_HOST="acme.shop.test").status_code, 404)
