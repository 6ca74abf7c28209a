"""pgfirst for Django: add "pgfirst.contrib.django" to INSTALLED_APPS (see docs/django.md)."""
