"""Example multi-tenant shop on pgfirst: no Redis, no Celery. The pgfirst lines are marked
`# pgfirst`; everything else is an ordinary Django project. Database: PGHOST/PGPORT/PGUSER/
PGPASSWORD/PGDATABASE (default 127.0.0.1:5432, postgres, pgfirst_example)."""
import os
from datetime import timedelta

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret")
DEBUG = True
ALLOWED_HOSTS = ["*"]
USE_TZ = True
ROOT_URLCONF = "example.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_REDIRECT_URL = "/devices/"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "pgfirst.contrib.django",  # pgfirst
    "shop",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pgfirst.contrib.django.middleware.PgfirstMiddleware",  # pgfirst: tenant + 429 for throttled logins
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                       "django.contrib.auth.context_processors.auth",
                                       "django.contrib.messages.context_processors.messages"]},
}]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PGDATABASE", "pgfirst_example"),
        "USER": os.environ.get("PGUSER", "postgres"),
        "PASSWORD": os.environ.get("PGPASSWORD", ""),
        "HOST": os.environ.get("PGHOST", "127.0.0.1"),
        "PORT": os.environ.get("PGPORT", "5432"),
        "ATOMIC_REQUESTS": True,
        "TEST": {"NAME": os.environ.get("EXAMPLE_TEST_DATABASE", "test_pgfirst_example")},
    }
}

# --- pgfirst: these 5 settings, the two marked lines above and one URL line (example/urls.py)
# --- replace django-redis, the Redis session engine, django-axes and Celery + Beat.
CACHES = {"default": {"BACKEND": "pgfirst.contrib.django.cache.PgfirstCache"}}
SESSION_ENGINE = "pgfirst.contrib.django.sessions"
AUTHENTICATION_BACKENDS = ["pgfirst.contrib.django.auth.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
PGFIRST_TENANT = "shop.tenancy.tenant_for_request"
PGFIRST_SCHEDULES = {
    "cleanup-old-carts": {"task": "shop.tasks.cleanup_old_carts", "every": timedelta(minutes=15)},
    "nightly-report": {"task": "shop.tasks.daily_report", "cron": "0 3 * * *", "timezone": "Europe/London"},
    "planned-maintenance": {"task": "shop.tasks.planned_maintenance", "cron": "0 6 * * 1", "missed": "skip"},
}
