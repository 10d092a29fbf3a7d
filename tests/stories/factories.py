"""Stories, for the stories tests."""

import factory
from django.utils import timezone

from backend.knowledge.models import Topic
from backend.stories.models import Story

HINDI = ("मेरी पीठ पर एक गांठ हो गई है । इसकी शुरूआत बहुत धिरे धिरे हुई लगभग 2 वर्ष मे इसका आकार एक मक्की के दाने "
         "के बराबर है । यह दर्द रहित है एंव इसका रंग भी त्वचा के रंग जेसा ही है ।")
ARABIC = "ظهرت كتلة صغيرة في أسفل ظهري قبل شهرين، كانت مؤلمة عند اللمس. ذهبت إلى الطبيب وقال إنها خراج بسيط وتم علاجه."
EMOJI = ("I was so scared 😟 when I found the lump on my back 🙈, but it turned out to be a lipoma 🎉 "
         "and it's fine now 👍.")


class StoryFactory(factory.django.DjangoModelFactory):
    """A pending story about the painful back lump; `approved=True` publishes it as a moderator would."""

    class Meta:
        model = Story

    topic = factory.LazyFunction(lambda: Topic.objects.get(slug="back-lump"))
    display_name = "K."
    language = "en"
    text = factory.Sequence(lambda n: f"Story {n}: I found a lump on my back that hurt when I pressed it. "
                                      "A doctor said it was a cyst and it went away.")
    consented_at = factory.LazyFunction(timezone.now)

    class Params:
        approved = factory.Trait(status=Story.Status.APPROVED, published_at=factory.LazyFunction(timezone.now))
