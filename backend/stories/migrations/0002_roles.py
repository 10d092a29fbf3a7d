"""Create the Moderators, Editors and Medical reviewers groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from backend.stories.roles import ROLES, ensure_roles


def create_roles(apps, schema_editor) -> None:
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_roles(apps)


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
