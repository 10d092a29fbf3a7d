"""Editors write lay synonyms and medical reviewers read and correct them, like the rest of the content."""

from django.db import migrations

from backend.staff.roles import create_roles


class Migration(migrations.Migration):

    dependencies = [
        ("staff", "0001_initial"),
        ("stories", "0003_triage_rule_roles"),
        ("knowledge", "0006_lay_synonyms"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
