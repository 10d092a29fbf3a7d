"""The admin roles and what each may do. A data migration creates them; `ensure_roles()` is idempotent.

- Moderators: see and moderate stories (approve, reject, withdraw), nothing else.
- Editors: write and publish medical content; they can't sign it off or touch stories.
- Medical reviewers: read and correct medical content and sign it off; they can't publish, add or
  delete it, and can't moderate stories unless they are also moderators.

Editors and medical reviewers both see how many questions each page could not answer (read-only).
"""

MEDICAL_CONTENT = ("topic", "condition", "symptom", "likelihood", "faq", "questiongroup", "triagerule", "synonym")

ROLES: dict[str, list[str]] = {
    "Moderators": [
        "stories.view_story", "stories.moderate_story", "stories.view_storyevent",
    ],
    "Editors": [
        *(f"knowledge.{action}_{model}" for model in (*MEDICAL_CONTENT, "source")
          for action in ("view", "add", "change", "delete")),
        "knowledge.publish_topic", "knowledge.publish_condition",
        "knowledge.view_unansweredcount",
    ],
    "Medical reviewers": [
        *(f"knowledge.{action}_{model}" for model in MEDICAL_CONTENT for action in ("view", "change")),
        "knowledge.view_source",
        "knowledge.sign_off_topic", "knowledge.sign_off_condition",
        "knowledge.view_unansweredcount",
    ],
}


def create_roles(apps, schema_editor) -> None:
    """For a data migration: make the permissions that the roles need now, then the roles."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_roles(apps)


def ensure_roles(apps=None) -> None:
    """Create the groups (or reset their permissions) to exactly the matrix above."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        wanted = {tuple(perm.split(".")) for perm in perms}
        found = list(Permission.objects.filter(content_type__app_label__in={app for app, _ in wanted},
                                               codename__in={code for _, code in wanted})
                     .select_related("content_type"))
        found = [p for p in found if (p.content_type.app_label, p.codename) in wanted]
        missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
        if missing:
            raise LookupError(f"Permissions for {name} are missing: {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(found)
