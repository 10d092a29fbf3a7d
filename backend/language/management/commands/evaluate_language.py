"""Print how well the site reads people's words: the descriptions, the questions and the vignettes' question
counts with and without their descriptions (backend.language.evaluation)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backend.language import evaluation
from backend.quiz.evaluation import django_client_transport


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--descriptions", type=Path, default=evaluation.DESCRIPTIONS)
        parser.add_argument("--holdout", type=Path, action="append",
                            help="Held-out descriptions (default: both held-out sets in tests/language).")
        parser.add_argument("--questions", type=Path, default=evaluation.QUESTIONS)
        parser.add_argument("--questions-holdout", type=Path, default=evaluation.QUESTIONS_HOLDOUT)
        parser.add_argument("--vignettes", type=Path, action="append",
                            help="Clinical vignettes with descriptions (default: tests/clinical/vignettes.json).")
        parser.add_argument("--failures", action="store_true", help="Also list every miss.")

    def handle(self, *args, descriptions: Path, holdout: list[Path] | None, questions: Path,
               questions_holdout: Path, vignettes, failures: bool, **options):
        paths = {"descriptions": descriptions, "questions": questions, "held-out questions": questions_holdout}
        paths.update({f"held-out descriptions ({path.stem})": path
                      for path in holdout or [evaluation.HOLDOUT, evaluation.HOLDOUT_2]})
        sets = {}
        for name, path in paths.items():
            try:
                sets[name] = evaluation.load(path)
            except (OSError, ValueError) as error:
                raise CommandError(f"Can't read the {name} set at {path}: {error}") from None
        parsed = evaluation.score_descriptions(sets["descriptions"])
        held_out = {name: evaluation.score_descriptions(cases) for name, cases in sets.items()
                    if name.startswith("held-out descriptions")}
        answered = evaluation.score_questions(sets["questions"])
        answered_held_out = evaluation.score_questions(sets["held-out questions"])
        counts = evaluation.count_questions(
            [case for path in vignettes or evaluation.VIGNETTES for case in evaluation.load(path)],
            django_client_transport())
        rows = [
            ("descriptions", f"{len(sets['descriptions'])} ({parsed.expected} expected mentions)"),
            ("mention precision", f"{parsed.precision:.1%} ({parsed.right} of {parsed.found})"),
            ("mention recall", f"{parsed.recall:.1%} ({parsed.right} of {parsed.expected})"),
            ("red-flag recall", f"{parsed.red_flag_recall:.1%} ({parsed.red_flags_found} of {parsed.red_flags})"),
            ("mentions from negated / family / feared / past words", str(len(parsed.context_errors))),
            *((name, f"{len(sets[name])}: precision {score.precision:.1%}, recall {score.recall:.1%}, red-flag "
                     f"recall {score.red_flag_recall:.1%} ({score.red_flags_found} of {score.red_flags}), context "
                     f"errors {len(score.context_errors)}") for name, score in held_out.items()),
            ("questions", f"{len(sets['questions'])} ({answered.answerable} answerable, {answered.emergencies} "
                          f"emergencies, {answered.out_of_scope} out of scope)"),
            ("answer hit@1", f"{answered.hit_at_1:.1%}"),
            ("answer hit@3", f"{answered.hit_at_3:.1%}"),
            ("emergency recall", f"{answered.emergency_recall:.1%} ({answered.emergencies_found} of "
                                 f"{answered.emergencies})"),
            ("false emergencies", f"{answered.false_emergencies} of {answered.non_emergencies}"),
            ("out-of-scope abstention", f"{answered.abstention:.1%} ({answered.abstained} of {answered.out_of_scope})"),
            ("held-out questions", f"{len(sets['held-out questions'])}: hit@1 {answered_held_out.hit_at_1:.1%}, "
                                   f"hit@3 {answered_held_out.hit_at_3:.1%}, emergency recall "
                                   f"{answered_held_out.emergency_recall:.1%} ({answered_held_out.emergencies_found} "
                                   f"of {answered_held_out.emergencies}), false emergencies "
                                   f"{answered_held_out.false_emergencies} of {answered_held_out.non_emergencies}, "
                                   f"abstention {answered_held_out.abstention:.1%}"),
            ("vignette questions, median (without / with description)",
             f"{counts.plain_median:g} / {counts.described_median:g} over {counts.cases} vignettes"),
            ("vignette questions, total (without / with description)",
             f"{sum(counts.plain)} / {sum(counts.described)}"),
            ("description mentions confirmed / corrected", f"{counts.confirmed} / {counts.corrected}"),
        ]
        width = max(len(name) for name, _ in rows)
        self.stdout.write("\n".join(f"{name:<{width}}  {value}" for name, value in rows))
        if failures:
            for title, lines in [("Context errors", parsed.context_errors), ("Missed mentions", parsed.misses),
                                 ("Wrong or extra mentions", parsed.extras), ("Questions", answered.misses),
                                 ("Held-out questions", answered_held_out.misses),
                                 *((f"{name}: context errors", score.context_errors)
                                   for name, score in held_out.items()),
                                 *((f"{name}: missed red flags", score.red_flag_misses)
                                   for name, score in held_out.items())]:
                if lines:
                    self.stdout.write(f"\n{title}:\n" + "\n".join(lines))
