from django.apps import AppConfig


class PgfirstConfig(AppConfig):
    name = "pgfirst.contrib.django"
    label = "pgfirst"
    verbose_name = "pgfirst"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate
        from . import auth, grants
        user_logged_in.connect(auth.on_user_logged_in, dispatch_uid="pgfirst.login_succeeded")
        post_migrate.connect(grants.apply_grants, sender=self, dispatch_uid="pgfirst.grants")
