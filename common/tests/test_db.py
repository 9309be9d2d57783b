"""Statements compiled once (common.db): the same rows as the ORM's, in one query."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from clients.models import Client, User
from common.db import InsertRow, RowByPk

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


def test_an_inserted_row_is_what_save_writes(client_a):
    moment = timezone.now()
    fields = {
        "content_type_id": ContentType.objects.get_for_model(User).pk,
        "object_id": "42",
        "label": "Relevé.pdf",
        "action": "espace.download",
        "data": {"ip": "192.0.2.1", "file": "Relevé.pdf"},
        "user_id": client_a.pk,
        "timestamp": moment,
    }
    saved = ModelLogEntry(**fields)
    saved.save()
    entries = InsertRow(ModelLogEntry)
    with CaptureQueriesContext(connection) as captured:
        entries.insert(ModelLogEntry(**fields))
        entries.insert(ModelLogEntry(**{**fields, "object_id": "43"}))
    assert len(captured) == 2
    assert all(query["sql"].startswith("INSERT") for query in captured)
    inserted = ModelLogEntry.objects.exclude(pk=saved.pk).order_by("pk")
    assert [entry.object_id for entry in inserted] == ["42", "43"]
    keep = {key: value for key, value in values(saved).items() if key != "id"}
    assert {key: value for key, value in values(inserted[0]).items() if key != "id"} == keep
