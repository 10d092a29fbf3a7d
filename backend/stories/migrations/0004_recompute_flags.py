"""The story flags now see through invisible and look-alike characters: look again at stories already
submitted, so the moderation queue's filter shows what they hid."""

from django.conf import settings
from django.db import migrations

from backend.stories import flags


def recompute_flags(apps, schema_editor):
    Story = apps.get_model("stories", "Story")
    for story in Story.objects.only("display_name", "text", "flags").iterator():
        found = flags.flag_kinds(flags.find_flags(story.display_name, settings.STORY_FLAG_WORDS)
                                 + flags.find_flags(story.text, settings.STORY_FLAG_WORDS))
        if found != story.flags:
            Story.objects.filter(pk=story.pk).update(flags=found)


class Migration(migrations.Migration):

    dependencies = [("stories", "0003_triage_rule_roles")]

    operations = [migrations.RunPython(recompute_flags, migrations.RunPython.noop)]
