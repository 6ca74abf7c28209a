from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pgfirst.contrib.django.conf import get_current_tenant
from pgfirst.contrib.django.sessions import logout_everywhere, user_sessions

from .models import Order
from .tasks import notify_staff, send_order_confirmation


def home(request):
    visits = cache.get_or_set("visits", 0, timeout=None)
    cache.incr("visits")  # per tenant: each shop has its own counter
    return render(request, "shop/home.html", {"visits": visits + 1, "tenant": get_current_tenant()})


@login_required
def devices(request):
    return JsonResponse({"sessions": [{"id": s["session_id"], "last_seen_at": s["last_seen_at"].isoformat()}
                                      for s in user_sessions(request.user.pk)]})


@login_required
@require_POST
def logout_everywhere_view(request):
    ended = logout_everywhere(request.user.pk, keep_session_key=request.session.session_key)
    return JsonResponse({"ended": ended})


@require_POST
def place_order(request):
    # ATOMIC_REQUESTS: the order and its jobs commit together, or not at all.
    order = Order.objects.create(tenant=get_current_tenant(), email=request.POST["email"],
                                 total=Decimal(request.POST["total"]))
    send_order_confirmation.delay(order.pk)
    notify_staff.delay(f"order {order.pk}")
    if request.POST.get("fail"):
        raise ValueError("payment failed")  # the order and both jobs roll back
    return HttpResponse(str(order.pk), status=201)
