import pytest

from tests.staff.factories import user_in


@pytest.fixture
def moderator(db):
    return user_in("Moderators")


@pytest.fixture
def editor(db):
    return user_in("Editors")


@pytest.fixture
def reviewer(db):
    return user_in("Medical reviewers")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    client.user = moderator
    return client
