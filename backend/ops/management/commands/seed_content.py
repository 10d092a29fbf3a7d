"""Load the shipped medical content into an empty database; never overwrite edits made in the admin."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from backend.knowledge.models import Topic

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Load the fixtures even if content exists (updates shipped items by slug).")

    def handle(self, *args, force: bool, **options):
        if Topic.objects.exists() and not force:
            self.stdout.write("Content already present; left as it is (use --force to reload the fixtures).")
            return
        fixtures = sorted(str(path) for path in FIXTURES.glob("*.json"))
        call_command("loaddata", *fixtures, verbosity=0)
        self.stdout.write(f"Loaded {len(fixtures)} content fixtures.")
