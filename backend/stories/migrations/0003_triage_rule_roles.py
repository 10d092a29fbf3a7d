"""Editors write triage rules and medical reviewers read and correct them, like the rest of the content."""

from django.db import migrations

from backend.staff.roles import create_roles


class Migration(migrations.Migration):

    dependencies = [
        ("stories", "0002_roles"),
        ("knowledge", "0004_triage_rules_and_screen_text"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
