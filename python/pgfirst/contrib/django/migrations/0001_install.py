"""Installs or upgrades pgfirst's SQL schema with the package's applier (pgfirst.migrate), so
`manage.py migrate` and the test databases of `manage.py test` get it without a separate step.
Records in graphile_migrate.migrations like `pgfirst migrate` and the SQL bundle do; whichever
ran first, the others find nothing to do. Later package versions upgrade with `manage.py
pgfirst_migrate` or a further migration of this app that calls the same function."""
from django.db import migrations


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from pgfirst.migrate import apply_in_transaction
    apply_in_transaction(schema_editor.connection)


class Migration(migrations.Migration):
    initial = True
    atomic = True
    dependencies = []
    operations = [migrations.RunPython(install, migrations.RunPython.noop, elidable=False)]
