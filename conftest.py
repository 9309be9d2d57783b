"""Fixtures shared by every app's tests: two clients (for every access test), a lawyer."""

import pytest

from clients.factories import ClientFactory, LawyerFactory


@pytest.fixture
def lawyer(db):
    return LawyerFactory(first_name="Fabien", last_name="DELMAS")


@pytest.fixture
def client_a(db):
    return ClientFactory(first_name="Luce", last_name="ALEXANDER")


@pytest.fixture
def client_b(db):
    return ClientFactory(first_name="Marc", last_name="DUPONT")
