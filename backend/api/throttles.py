"""API throttling with the same per-client limits and counters as the site's forms (backend/abuse)."""

from rest_framework.throttling import BaseThrottle

from backend.abuse.limits import ANSWERS, STORIES, RateLimit


class LimitThrottle(BaseThrottle):
    """Counts each request against a RateLimit; the web form and the API share one allowance."""

    limit: RateLimit

    def allow_request(self, request, view) -> bool:
        self.retry_after = self.limit.hit(request._request)
        return not self.retry_after

    def wait(self) -> int:
        return self.retry_after


class StoryThrottle(LimitThrottle):
    limit = STORIES


class AnswerThrottle(LimitThrottle):
    limit = ANSWERS
