"""The user read with SQL compiled once (common.db): the ORM's own row, in one query; this
fails if Django's compiler or converters change under it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import Client, User
from common.db import RowByPk

pytestmark = pytest.mark.django_db


def values(instance):
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


def test_a_row_by_pk_is_the_orms_row_with_its_values_converted(client_a):
    client_a.last_login = datetime.datetime(2026, 11, 27, 9, 30, 15, 120, tzinfo=datetime.UTC)
    client_a.invited_at = timezone.now()
    client_a.save()
    users = RowByPk(User)
    with CaptureQueriesContext(connection) as first:
        user = users.get(client_a.pk)
    with CaptureQueriesContext(connection) as again:
        assert users.get(client_a.pk) == user
    assert type(user) is User
    assert values(user) == values(User.objects.get(pk=client_a.pk))
    assert isinstance(user.last_login, datetime.datetime) and user.last_login.tzinfo
    assert not user._state.adding and user._state.db == "default"
    assert len(first) == len(again) == 1
    assert users.get(client_a.pk + 1000) is None


def test_a_manager_that_filters_its_rows_is_refused():
    # Client's manager leaves the firm's people out: a pk alone would not say it.
    with pytest.raises(ValueError, match="filters its rows"):
        RowByPk(Client).get(1)
