"""Per-client quotas: bytes and files deposited over 24 hours, messages per hour.

Past a quota the client reads why in French, and nothing changes: no Deposit or Message
row, no file in the private storage, no email queued or sent.
"""

import datetime

import pytest
from django.core import mail
from django.http.multipartparser import MultiPartParser
from django.urls import reverse
from django.utils import timezone

from dossiers.factories import shared_dossier
from dossiers.inbox import quotas, services, uploads
from dossiers.inbox.tests.test_deposits import PDF, deposit_to, stored_files, upload
from dossiers.models import Deposit, Message
from notifications.models import OutgoingEmail
from notifications.tests.helpers import send_due_emails

pytestmark = pytest.mark.django_db

KIB = 1024


def pdf(name, size):
    """A PDF of exactly ``size`` bytes."""
    return upload(name, PDF + b"0" * (size - len(PDF)))


@pytest.fixture
def dossier(client_a, lawyer):
    dossier = shared_dossier(client_a)
    dossier.interlocutor = lawyer
    dossier.save()
    return dossier


@pytest.fixture
def luce(client, client_a):
    client.force_login(client_a)
    return client


class Snapshot:
    """Everything a refused request must leave as it was."""

    def __init__(self):
        self.deposits = Deposit.objects.count()
        self.messages = Message.objects.count()
        self.files = stored_files()
        self.emails = OutgoingEmail.objects.count()

    def assert_unchanged(self):
        assert Deposit.objects.count() == self.deposits
        assert Message.objects.count() == self.messages
        assert stored_files() == self.files
        assert OutgoingEmail.objects.count() == self.emails


def plain(text):
    """Sizes are written with a no-break space (« 10 Ko »)."""
    return text.replace("\xa0", " ")


def refused_text(http_client, response, json):
    if json:
        assert response.status_code == 400
        assert response.json()["ok"] is False
        return plain(response.json()["message"])
    assert response.status_code == 302
    return plain(" ".join(str(m) for m in http_client.get(response.url).context["messages"]))


def assert_deposit_refused(http_client, dossier, files, expected, json=True, meta=None):
    before = Snapshot()
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    response = http_client.post(
        reverse("dossiers:dossier_deposit", args=[dossier.pk]),
        {"files": list(files)},
        **headers,
        **(meta or {}),
    )
    text = refused_text(http_client, response, json)
    assert text.startswith("Aucun fichier n'a été déposé : "), text
    assert expected in text, text
    before.assert_unchanged()
    return text


def accepted(http_client, dossier, *files):
    response = deposit_to(http_client, dossier, *files, json=True)
    assert response.status_code == 200, response.content
    return response


# Bytes per 24 hours.


@pytest.mark.parametrize("json", [True, False], ids=["drop zone", "form without script"])
def test_a_deposit_that_would_cross_the_daily_bytes_is_refused_whole(luce, dossier, settings, json):
    settings.DEPOSIT_DAILY_BYTES = 10 * KIB
    accepted(luce, dossier, pdf("a.pdf", 4 * KIB), pdf("b.pdf", 4 * KIB))
    # 2 KiB left: a deposit of 1 KiB + 2 KiB is refused whole, not cut after its first file.
    text = assert_deposit_refused(
        luce,
        dossier,
        [pdf("c.pdf", 1 * KIB), pdf("d.pdf", 2 * KIB)],
        "Ce dépôt dépasserait la limite de 10 Ko par période de 24 heures "
        "(déjà déposés : 8,0 Ko). Réessayez plus tard ou contactez votre interlocuteur.",
        json=json,
    )
    assert "c.pdf" not in text
    # What is left can still be used, to the byte.
    accepted(luce, dossier, pdf("c.pdf", 2 * KIB))
    assert_deposit_refused(luce, dossier, [pdf("e.pdf", 100)], "déjà déposés : 10 Ko", json=json)
    assert Deposit.objects.count() == 3


def test_a_deposit_announcing_more_than_the_bytes_left_is_refused_before_its_body_is_read(
    luce, dossier, settings, monkeypatch
):
    settings.DEPOSIT_DAILY_BYTES = 100 * KIB

    def read_the_body(*args, **kwargs):
        raise AssertionError("the body was read")

    monkeypatch.setattr(MultiPartParser, "parse", read_the_body)
    # What five requests of 4 × 49 MiB announced: about 1 GB in 5 seconds.
    for _attempt in range(5):
        assert_deposit_refused(
            luce,
            dossier,
            [pdf("a.pdf", 1 * KIB)],
            "Ce dépôt dépasserait la limite de 100 Ko",
            meta={"CONTENT_LENGTH": str(4 * 49 * 1024 * KIB)},
        )


def test_the_upload_stops_at_the_bytes_left(luce, dossier, settings, monkeypatch):
    settings.DEPOSIT_DAILY_BYTES = 200 * KIB
    written = []
    receive = uploads.DepositLimitHandler.receive_data_chunk

    def counting(self, raw_data, start):
        data = receive(self, raw_data, start)
        written.append(len(data or b""))
        return data

    monkeypatch.setattr(uploads.DepositLimitHandler, "receive_data_chunk", counting)
    # Under Content-Length's margin for the form, so it is read; but never kept past the quota.
    assert_deposit_refused(luce, dossier, [pdf("a.pdf", 250 * KIB)], "la limite de 200 Ko")
    assert sum(written) <= 200 * KIB


def test_a_concurrent_deposit_that_used_the_bytes_left_makes_this_one_refused(
    luce, client_a, dossier, settings, monkeypatch
):
    """The check that counts is made again under the client's lock, just before storing."""
    settings.DEPOSIT_DAILY_BYTES = 10 * KIB
    prepare = uploads.prepare_deposit_request

    def another_request_stores_first(request, allowance=None):
        services.deposit_files(
            dossier, client_a, uploads.check_request([pdf("concurrent.pdf", 6 * KIB)])
        )
        return prepare(request, allowance)

    monkeypatch.setattr(uploads, "prepare_deposit_request", another_request_stores_first)
    before = stored_files()
    response = deposit_to(luce, dossier, pdf("mine.pdf", 6 * KIB), json=True)
    assert response.status_code == 400
    assert "déjà déposés : 6,0 Ko" in plain(response.json()["message"])
    assert list(Deposit.objects.values_list("filename", flat=True)) == ["concurrent.pdf"]
    assert len(stored_files() - before) == 1
    assert OutgoingEmail.objects.filter(kind=services.DEPOSIT_ALERT).count() == 1


def test_deposits_older_than_24_hours_no_longer_count(luce, dossier, settings):
    settings.DEPOSIT_DAILY_BYTES = 10 * KIB
    accepted(luce, dossier, pdf("hier.pdf", 8 * KIB))
    assert_deposit_refused(luce, dossier, [pdf("a.pdf", 4 * KIB)], "déjà déposés : 8,0 Ko")
    Deposit.objects.update(created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1))
    accepted(luce, dossier, pdf("a.pdf", 4 * KIB))


# Files per 24 hours.


@pytest.mark.parametrize("json", [True, False], ids=["drop zone", "form without script"])
def test_deposits_past_the_daily_number_of_files_are_refused(luce, dossier, settings, json):
    settings.DEPOSIT_DAILY_FILES = 3
    accepted(luce, dossier, pdf("a.pdf", 100), pdf("b.pdf", 100))
    message = (
        "Ce dépôt dépasserait la limite de 3 fichiers par période de 24 heures "
        "(déjà déposés : 2). Réessayez plus tard ou contactez votre interlocuteur."
    )
    assert_deposit_refused(
        luce, dossier, [pdf("c.pdf", 100), pdf("d.pdf", 100)], message, json=json
    )
    accepted(luce, dossier, pdf("c.pdf", 100))
    assert_deposit_refused(luce, dossier, [pdf("d.pdf", 100)], "(déjà déposés : 3)", json=json)
    assert Deposit.objects.count() == 3


def test_the_number_of_files_is_checked_again_under_the_clients_lock(client_a, dossier, settings):
    settings.DEPOSIT_DAILY_FILES = 1
    services.deposit_files(dossier, client_a, uploads.check_request([pdf("a.pdf", 100)]))
    before = Snapshot()
    with pytest.raises(quotas.QuotaExceeded, match="la limite de 1 fichier par période"):
        services.deposit_files(dossier, client_a, uploads.check_request([pdf("b.pdf", 100)]))
    before.assert_unchanged()


def test_the_deposit_form_says_what_is_left_once_it_is_less_than_one_deposit(
    luce, dossier, settings
):
    page = reverse("dossiers:dossier", args=[dossier.pk])
    assert "Vous pouvez encore déposer" not in luce.get(page).content.decode()
    settings.DEPOSIT_DAILY_FILES = 5
    accepted(luce, dossier, pdf("a.pdf", 2 * KIB))
    html = plain(luce.get(page).content.decode())
    assert "Vous pouvez encore déposer 499 Mo et 4 fichiers pour le moment" in html
    settings.DEPOSIT_DAILY_FILES = 1
    html = luce.get(reverse("dossiers:home")).content.decode()
    assert "Vous avez atteint le maximum de dépôts sur 24 heures" in html


# Messages per hour.


def send(http_client, dossier, subject="Question"):
    return http_client.post(
        reverse("dossiers:dossier_contact", args=[dossier.pk]),
        {"subject": subject, "body": "Bonjour, une question sur mon dossier."},
    )


def test_messages_past_the_hourly_quota_are_refused_and_nobody_is_emailed(
    luce, dossier, settings, lawyer
):
    settings.MESSAGES_PER_HOUR = 3
    for number in range(3):
        assert send(luce, dossier, f"Question {number}").status_code == 302
    before = Snapshot()
    response = send(luce, dossier, "Une de trop")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Vous avez déjà envoyé 3 messages au cours de la dernière heure, le maximum autorisé. "
        "Votre message n&#x27;a pas été envoyé ; vous pourrez l&#x27;envoyer à partir de"
    ) in html
    # The client's text is kept, to send later.
    assert "Une de trop" in html and "Bonjour, une question sur mon dossier." in html
    before.assert_unchanged()
    send_due_emails()
    assert [m.subject for m in mail.outbox if "Une de trop" in m.subject] == []
    assert len([m for m in mail.outbox if m.to == [lawyer.email]]) == 3


def test_the_refusal_says_when_a_message_can_be_sent_again(luce, client_a, dossier, settings):
    settings.MESSAGES_PER_HOUR = 2
    send(luce, dossier)
    send(luce, dossier)
    oldest = timezone.now() - datetime.timedelta(minutes=50)
    Message.objects.filter(pk=Message.objects.order_by("pk").first().pk).update(created_at=oldest)
    allowed_again = timezone.localtime(oldest + datetime.timedelta(hours=1))
    html = send(luce, dossier).content.decode()
    assert f"à partir de {allowed_again.hour}\u00a0h\u00a0{allowed_again.minute:02d}." in html
    # An hour after the oldest, there is room again.
    Message.objects.filter(created_at=oldest).update(
        created_at=oldest - datetime.timedelta(minutes=11)
    )
    assert send(luce, dossier).status_code == 302
    assert Message.objects.filter(client=client_a).count() == 3


def test_the_message_quota_is_checked_again_under_the_clients_lock(client_a, dossier, settings):
    settings.MESSAGES_PER_HOUR = 1
    services.send_message(dossier, client_a, "Objet", "Texte")
    before = Snapshot()
    with pytest.raises(quotas.QuotaExceeded, match="déjà envoyé 1 message"):
        services.send_message(dossier, client_a, "Objet", "Texte")
    before.assert_unchanged()


def test_messages_from_accueil_count_too(luce, dossier, settings):
    settings.MESSAGES_PER_HOUR = 1
    send(luce, dossier)
    before = Snapshot()
    response = luce.post(
        reverse("dossiers:contact"), {"dossier": dossier.pk, "subject": "Objet", "body": "Texte"}
    )
    assert response.status_code == 200
    assert "Vous avez déjà envoyé 1 message au cours de la dernière heure" in (
        response.content.decode()
    )
    before.assert_unchanged()


# One client's quota is theirs alone.


def test_another_clients_quotas_are_independent(client, client_a, client_b, lawyer, settings):
    settings.DEPOSIT_DAILY_BYTES = 10 * KIB
    settings.DEPOSIT_DAILY_FILES = 2
    settings.MESSAGES_PER_HOUR = 1
    # A dossier the two share: the quota is per client, not per dossier.
    dossier = shared_dossier(client_a, client_b)
    dossier.interlocutor = lawyer
    dossier.save()

    client.force_login(client_a)
    accepted(client, dossier, pdf("a.pdf", 9 * KIB), pdf("b.pdf", 100))
    assert send(client, dossier).status_code == 302
    assert_deposit_refused(client, dossier, [pdf("c.pdf", 100)], "déjà déposés : 2")
    assert send(client, dossier).status_code == 200

    client.force_login(client_b)
    accepted(client, dossier, pdf("c.pdf", 9 * KIB), pdf("d.pdf", 100))
    assert send(client, dossier).status_code == 302
    assert Deposit.objects.filter(client=client_b).count() == 2
    assert Message.objects.filter(client=client_b).count() == 1


# The two abuses of the security issue, replayed.


def test_five_deposits_of_four_large_files_stop_at_the_daily_bytes(luce, dossier, settings):
    """Five requests of 4 × 49 MiB, scaled down by 1,024 (4 × 49 KiB against 500 KiB)."""
    settings.DEPOSIT_DAILY_BYTES = 500 * KIB
    answers = [
        deposit_to(luce, dossier, *[pdf(f"{r}-{n}.pdf", 49 * KIB) for n in range(4)], json=True)
        for r in range(5)
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 400, 400, 400]
    stored = sum(Deposit.objects.values_list("file_size", flat=True))
    assert stored == 2 * 4 * 49 * KIB <= settings.DEPOSIT_DAILY_BYTES
    print(f"\ndeposits refused past the quota: 3 of 5; stored {stored // KIB} KiB of 980 sent")


def test_thirty_messages_in_a_row_email_the_lawyer_ten_times(luce, dossier, settings, lawyer):
    assert settings.MESSAGES_PER_HOUR == 10  # the default
    answers = [send(luce, dossier, f"Message {n}").status_code for n in range(30)]
    assert answers == [302] * 10 + [200] * 20
    send_due_emails()
    assert Message.objects.count() == 10
    assert len([m for m in mail.outbox if m.to == [lawyer.email]]) == 10
    print("\nmessages refused past the quota: 20 of 30; emails to the lawyer: 10")
