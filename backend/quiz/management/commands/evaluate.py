"""Run the clinical vignettes through the assessment API and print the evaluation table."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backend.quiz import evaluation

DEFAULT = Path(settings.BASE_DIR) / "tests" / "clinical" / "vignettes.json"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT, help="A JSON list of vignettes.")
        parser.add_argument("--url", help="Run over HTTP against this server instead of in-process.")
        parser.add_argument("--failures", action="store_true", help="Also list the cases that miss.")

    def handle(self, *args, file: Path, url: str | None, failures: bool, **options):
        if not file.exists():
            raise CommandError(f"No vignette file at {file}.")
        try:
            vignettes = evaluation.load(file)
        except (ValueError, KeyError) as error:
            raise CommandError(f"{file} is not a valid vignette file: {error}") from None
        post = evaluation.http_transport(url) if url else evaluation.django_client_transport()
        report = evaluation.evaluate(vignettes, post)
        self.stdout.write(report.table())
        if failures and (text := report.failures()):
            self.stdout.write("\nCases that miss:\n" + text)
