import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from salw.tracing import seizure_copies


def copy_seizures_onto_their_items(apps, schema_editor):
    seizure_copies.refill(apps.get_model("tracing", "SeizedItem"), apps.get_model("tracing", "Seizure"))


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_append_only_audit'),
        ('tracing', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='seizeditem',
            name='seizure_admin1',
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name='seizeditem',
            name='seizure_country',
            field=models.CharField(blank=True, editable=False, max_length=3),
        ),
        migrations.AddField(
            model_name='seizeditem',
            name='seizure_jurisdiction',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.jurisdiction'),
        ),
        migrations.AddField(
            model_name='seizeditem',
            name='seizure_occurred_on',
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='seizeditem',
            name='seizure_year',
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(copy_seizures_onto_their_items, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='seizeditem',
            index=models.Index(fields=['seizure_country', 'seizure_admin1', 'seizure_year', 'country_of_manufacture', 'seizure_jurisdiction', 'seizure_occurred_on', 'seizure', 'item_kind', 'voided_at'], name='seized_weapon_counts_idx'),
        ),
        migrations.AddIndex(
            model_name='seizure',
            index=models.Index(condition=models.Q(('voided_at__isnull', False)), fields=['id'], name='voided_seizure_idx'),
        ),
    ]
