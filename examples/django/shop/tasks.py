"""The five task categories the Celery app had: e-mail, notifications, cleanup, reports,
planned maintenance. `manage.py pgfirst_worker` finds this module by itself."""
import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.utils import timezone

from pgfirst.contrib.django.tasks import task

from .models import Order

log = logging.getLogger(__name__)


@task(queue="mail", priority=10, max_attempts=10)
def send_order_confirmation(order_id):
    order = Order.objects.get(pk=order_id)
    send_mail("Your order", f"Total: {order.total}", "shop@example.com", [order.email])


@task(queue="notifications")
def notify_staff(message):
    log.info("staff notification: %s", message)


@task(queue="maintenance")
def cleanup_old_carts():
    return Order.objects.filter(total=0, created_at__lt=timezone.now() - timedelta(days=1)).delete()[0]


@task(queue="reports", max_attempts=3)
def daily_report():
    log.info("orders today: %d", Order.objects.filter(created_at__gte=timezone.now() - timedelta(days=1)).count())


@task(queue="maintenance", max_attempts=1)
def planned_maintenance():
    log.info("weekly planned maintenance ran")
