import os

SECRET_KEY = "pytest"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "pgfirst.contrib.django",
]
_db = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": os.environ["PGFIRST_PYTEST_DB"],
    "HOST": os.environ.get("PGFIRST_PYTEST_HOST", "127.0.0.1"),
    "PORT": os.environ.get("PGFIRST_PYTEST_PORT", "5432"),
    "USER": os.environ.get("PGFIRST_PYTEST_USER", "postgres"),
}
DATABASES = {"default": _db}
CACHES = {
    "default": {"BACKEND": "pgfirst.contrib.django.cache.PgfirstCache", "LOCATION": "pytest"},
    "prefixed": {"BACKEND": "pgfirst.contrib.django.cache.PgfirstCache", "LOCATION": "pytest",
                 "KEY_PREFIX": "cacheprefix"},
    "v2": {"BACKEND": "pgfirst.contrib.django.cache.PgfirstCache", "LOCATION": "pytest", "VERSION": 2},
    "custom_key": {"BACKEND": "pgfirst.contrib.django.cache.PgfirstCache", "LOCATION": "pytest",
                   "KEY_FUNCTION": "django_settings.custom_key_func"},
    "short": {"BACKEND": "pgfirst.contrib.django.cache.PgfirstCache", "LOCATION": "pytest", "TIMEOUT": 1},
}
SESSION_ENGINE = "pgfirst.contrib.django.sessions"
AUTHENTICATION_BACKENDS = ["pgfirst.contrib.django.auth.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
MIDDLEWARE = [
    "pgfirst.contrib.django.middleware.PgfirstMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "django_urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PGFIRST_TENANT = "django_settings.tenant_from_header"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def custom_key_func(key, key_prefix, version):
    return "CUSTOM-" + "-".join([key_prefix, str(version), key])


def tenant_from_header(request):
    return request.headers.get("X-Tenant", "")

PGFIRST_TASK_MODULES = ["pytest_tasks"]
PGFIRST_SCHEDULES = {
    "pytest-every-second": {"task": "pytest_tasks.record", "every": 1, "args": ["scheduled"], "queue": "pytest_sched"},
    "pytest-nightly": {"task": "pytest_tasks.record", "cron": "0 3 * * *", "timezone": "Europe/London",
                       "args": ["nightly"], "missed": "skip", "queue": "pytest_sched"},
}
