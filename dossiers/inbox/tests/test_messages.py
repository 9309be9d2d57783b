"""« Contacter l'interlocuteur »: the message, the lawyer's inbox, the answer."""

import pytest
from django.core import mail
from django.urls import reverse

from dossiers.factories import shared_dossier
from dossiers.models import Message
from notifications.tests.helpers import send_due_emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(client_a, lawyer):
    dossier = shared_dossier(client_a)
    dossier.interlocutor = lawyer
    dossier.save()
    return dossier


def test_the_form_names_the_dossiers_interlocutor(client, client_a, dossier):
    client.force_login(client_a)
    html = client.get(reverse("dossiers:dossier_contact", args=[dossier.pk])).content.decode()
    assert "Contacter l'interlocuteur : DELMAS Fabien" in html
    for label in ("Dossier", str(dossier), "Objet", "Message", "Envoyer"):
        assert label in html


def test_a_message_is_stored_and_emailed_to_the_lawyer(client, client_a, dossier, lawyer):
    client.force_login(client_a)
    response = client.post(
        reverse("dossiers:dossier_contact", args=[dossier.pk]),
        {
            "subject": "Demande de RDV",
            "body": "Bonjour,\nPourrions-nous nous voir ?",
            "client": 999,
        },
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.dossier, message.client, message.subject) == (
        dossier,
        client_a,
        "Demande de RDV",
    )
    send_due_emails()
    [alert] = mail.outbox
    assert alert.to == [lawyer.email]
    assert "Demande de RDV" in alert.subject
    assert "Pourrions-nous nous voir ?" in alert.body
    assert f"/admin/dossiers/message/inspect/{message.pk}/" in alert.body


def test_from_accueil_the_client_chooses_the_dossier(client, client_a, dossier):
    client.force_login(client_a)
    html = client.get(reverse("dossiers:contact")).content.decode()
    assert f"{dossier} (DELMAS Fabien)" in html
    response = client.post(
        reverse("dossiers:contact"), {"dossier": dossier.pk, "subject": "Question", "body": "Texte"}
    )
    assert response.status_code == 302
    assert Message.objects.get().dossier == dossier


def test_a_missing_subject_is_refused_in_french_and_nothing_is_stored(client, client_a, dossier):
    client.force_login(client_a)
    response = client.post(
        reverse("dossiers:dossier_contact", args=[dossier.pk]), {"subject": "  ", "body": "Texte"}
    )
    assert response.status_code == 200
    assert "Indiquez l&#x27;objet de votre message." in response.content.decode()
    assert not Message.objects.exists()


def test_another_clients_dossier_is_not_found(client, client_a, client_b):
    theirs = shared_dossier(client_b)
    client.force_login(client_a)
    assert client.get(reverse("dossiers:dossier_contact", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("dossiers:contact"), {"dossier": theirs.pk, "subject": "Objet", "body": "Texte"}
    )
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_the_lawyer_answers_and_the_client_reads_it_in_the_portal(
    client, client_a, dossier, lawyer
):
    from dossiers.inbox import services

    message = services.send_message(dossier, client_a, "Demande de RDV", "Quand ?")
    client.force_login(lawyer)
    inbox = client.get(reverse("dossiers_message_modeladmin_index")).content.decode()
    assert "Demande de RDV" in inbox and "À traiter" in inbox
    page = client.get(reverse("dossiers_message_modeladmin_inspect", args=[message.pk]))
    assert "Quand ?" in page.content.decode()
    response = client.post(
        reverse("dossiers_admin:message_reply", args=[message.pk]),
        {"body": "Mardi 3 mars à 14 h 30 au cabinet."},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.is_handled and message.handled_by == lawyer

    send_due_emails()
    answer = [m for m in mail.outbox if m.to == [client_a.email]][0]
    assert "Mardi 3 mars à 14 h 30 au cabinet." in answer.body
    assert "Demande de RDV" in answer.subject

    client.force_login(client_a)
    page = client.get(reverse("dossiers:dossier", args=[dossier.pk])).content.decode()
    assert "Mardi 3 mars à 14 h 30 au cabinet." in page
    assert "Réponse de DELMAS Fabien" in page


def test_the_lawyer_marks_a_message_handled_and_back(client, client_a, dossier, lawyer):
    from dossiers.inbox import services

    message = services.send_message(dossier, client_a, "Objet", "Texte")
    client.force_login(lawyer)
    client.post(reverse("dossiers_admin:message_handled", args=[message.pk]), {"handled": "1"})
    message.refresh_from_db()
    assert message.is_handled
    client.post(reverse("dossiers_admin:message_handled", args=[message.pk]), {"handled": "0"})
    message.refresh_from_db()
    assert not message.is_handled


def test_clients_cannot_use_the_inbox(client, client_a, dossier):
    from dossiers.inbox import services

    message = services.send_message(dossier, client_a, "Objet", "Texte")
    client.force_login(client_a)
    for url in (
        reverse("dossiers_message_modeladmin_index"),
        reverse("dossiers_message_modeladmin_inspect", args=[message.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
    response = client.post(
        reverse("dossiers_admin:message_reply", args=[message.pk]), {"body": "x"}
    )
    assert response.status_code in (302, 403)
    assert not message.replies.exists()


def test_the_client_reads_that_her_message_was_taken_into_account(
    client, client_a, dossier, lawyer
):
    """Not the back office's « Traité »: what it means for her."""
    from dossiers.inbox import services

    message = services.send_message(dossier, client_a, "Objet", "Texte")
    services.mark_handled(message, lawyer, handled=True)
    client.force_login(client_a)
    page = client.get(reverse("dossiers:dossier", args=[dossier.pk])).content.decode()
    assert "Pris en compte par le cabinet" in page
    assert "Traité" not in page
