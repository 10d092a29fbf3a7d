"""Create the Moderators, Editors and Medical reviewers groups with their permissions."""

from django.db import migrations

from backend.staff.roles import ROLES, create_roles


def remove_roles(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("stories", "0001_initial"),
        ("knowledge", "0003_history_and_review_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
