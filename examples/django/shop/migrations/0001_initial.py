from django.db import migrations, models


def define_dropdown(apps, schema_editor):
    from pgfirst import client
    with schema_editor.connection.cursor() as cur:
        # Newer pgfirst schemas run dropdown queries as role pgfirst_dropdown, which reads only
        # what it is granted (docs/dropdowns.md).
        cur.execute("""do $$ begin
            if exists (select from pg_catalog.pg_roles where rolname = 'pgfirst_dropdown') then
              grant usage on schema public to pgfirst_dropdown;
              grant select on public.shop_person to pgfirst_dropdown;
            end if; end $$""")
    # The Select2 "people" dropdown: a materialized view refreshed by pgfirst's triggers + worker.
    client.dropdown_define(
        schema_editor.connection, "people",
        "select tenant, id::text as id, last_name || ', ' || first_name as text from public.shop_person",
        ["public.shop_person"])


def drop_dropdown(apps, schema_editor):
    from pgfirst import client
    client.dropdown_drop(schema_editor.connection, "people")


class Migration(migrations.Migration):
    initial = True
    dependencies = [("pgfirst", "0001_install")]
    operations = [
        migrations.CreateModel("Person", [
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("tenant", models.TextField(default="")),
            ("first_name", models.TextField()),
            ("last_name", models.TextField()),
        ]),
        migrations.CreateModel("Order", [
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("tenant", models.TextField(default="")),
            ("email", models.EmailField(max_length=254)),
            ("total", models.DecimalField(decimal_places=2, max_digits=10)),
            ("created_at", models.DateTimeField(auto_now_add=True)),
        ]),
        migrations.RunPython(define_dropdown, drop_dropdown),
    ]
