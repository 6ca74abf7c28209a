from django.urls import include, path

urlpatterns = [path("pgfirst/", include("pgfirst.contrib.django.urls"))]
