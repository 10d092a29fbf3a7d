"""Editors and medical reviewers see how many questions each page could not answer."""

from django.db import migrations

from backend.staff.roles import create_roles


class Migration(migrations.Migration):

    dependencies = [
        ("staff", "0002_synonym_roles"),
        ("knowledge", "0007_unanswered_count"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
