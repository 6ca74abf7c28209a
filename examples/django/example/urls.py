from django.contrib.auth import views as auth_views
from django.urls import include, path

from shop import views

urlpatterns = [
    path("pgfirst/", include("pgfirst.contrib.django.urls")),  # pgfirst: /pgfirst/dropdowns/<name> for Select2
    path("login/", auth_views.LoginView.as_view(template_name="shop/login.html"), name="login"),
    path("devices/", views.devices, name="devices"),
    path("logout-everywhere/", views.logout_everywhere_view, name="logout_everywhere"),
    path("orders/", views.place_order, name="place_order"),
    path("", views.home, name="home"),
]
