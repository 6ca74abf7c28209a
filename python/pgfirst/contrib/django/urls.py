"""path("pgfirst/", include("pgfirst.contrib.django.urls")) serves Select2 at
/pgfirst/dropdowns/<name>?term=&page=&after= and ?ids=1,2 for preselected values."""
from django.urls import path

from . import views

app_name = "pgfirst"
urlpatterns = [path("dropdowns/<str:name>", views.select2, name="select2")]
