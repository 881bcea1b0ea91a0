from django.db import migrations

from salw.core.triggers import install_append_only


def forwards(apps, schema_editor):
    install_append_only(schema_editor, "registry_event")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
