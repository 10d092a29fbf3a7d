"""Run the clinical vignettes through the assessment API and print the evaluation table."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backend.quiz import evaluation

CLINICAL = Path(settings.BASE_DIR) / "tests" / "clinical"
# The first set, and the breadth set written from references before the content was broadened.
DEFAULT = [CLINICAL / "vignettes.json", CLINICAL / "breadth_vignettes.json"]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, action="append", dest="files",
                            help="A JSON list of vignettes (repeat for several; default: both shipped sets).")
        parser.add_argument("--url", help="Run over HTTP against this server instead of in-process.")
        parser.add_argument("--failures", action="store_true", help="Also list the cases that miss.")
        parser.add_argument("--by-condition", action="store_true",
                            help="Also print the recall per condition (right answer in the top 3), lowest first.")

    def handle(self, *args, files: list[Path] | None, url: str | None, failures: bool, by_condition: bool, **options):
        vignettes = []
        for file in files or DEFAULT:
            if not file.exists():
                raise CommandError(f"No vignette file at {file}.")
            try:
                vignettes += evaluation.load(file)
            except (ValueError, KeyError, TypeError) as error:
                raise CommandError(f"{file} is not a valid vignette file: {error}") from None
        post = evaluation.http_transport(url) if url else evaluation.django_client_transport()
        report = evaluation.evaluate(vignettes, post)
        self.stdout.write(report.table())
        if by_condition:
            self.stdout.write("\nRecall per condition:\n" + report.by_condition())
        if failures and (text := report.failures()):
            self.stdout.write("\nCases that miss:\n" + text)
