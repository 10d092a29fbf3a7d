from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class OpsConfig(AppConfig):
    name = "backend.ops"
    verbose_name = "Operations"


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, with Backcheck's site (backend/ops/admin.py) as `admin.site` for every app."""

    default = False  # listed by its full path in INSTALLED_APPS; backend.ops itself is OpsConfig
    default_site = "backend.ops.admin.AdminSite"
