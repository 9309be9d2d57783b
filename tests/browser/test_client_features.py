"""Beyond the manual, in a browser, as Luce: her dates in her calendar, her whole dossier
in one download, emails as she chooses, her activity and her data."""

import io
import re
import urllib.error
import urllib.request
import zipfile
import zoneinfo

from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from clients.models import User
from demo import world
from dossiers.models import Appointment, Document, Dossier
from dossiers.portal import archives
from dossiers.sharing import calendars, publishing
from notifications.models import OutgoingEmail
from notifications.tests.helpers import send_due_emails, sent_to
from privacy import exports
from privacy.models import DataExport

from .test_portal import LUCE, log_in

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def fetch(url):
    """What a calendar app gets: no cookie, no session."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the test server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def downloaded(page, action):
    with page.expect_download() as info:
        action()
    return info.value.path().read_bytes()


def test_luce_keeps_her_dates_her_dossier_and_her_data(page, demo, live_server):
    luce = User.objects.get(email=LUCE[0])
    dossier = Dossier.objects.get(reference=world.LUCE_DOSSIER[0])
    send_due_emails()  # what the demo's own publishes announced is sent and done with
    log_in(page, *LUCE)

    # « Ajouter à mon agenda »: a valid event at the right local time.
    appointment = Appointment.objects.visible_to(luce).filter(dossier=dossier).first()
    page.goto(f"/dossiers/{dossier.pk}/rendez-vous/")
    body = downloaded(
        page,
        lambda: page.get_by_role("link", name=re.compile("^Ajouter à mon agenda")).first.click(),
    )
    [event] = Calendar.from_ical(body).walk("VEVENT")
    assert event.decoded("dtstart").astimezone(PARIS) == timezone.localtime(appointment.starts_at)

    # Her private feed: its events are what she sees; a new address kills the old one.
    page.goto("/mon-compte/")
    page.get_by_role("button", name="Créer mon adresse d'agenda").click()
    served = live_server.url  # the emails' and addresses' host is the test settings' own
    address = page.locator("#calendar-url").input_value().replace("http://testserver", served)
    status, feed = fetch(address)
    assert status == 200
    uids = {str(e["uid"]) for e in Calendar.from_ical(feed).walk("VEVENT")}
    assert uids == {calendars.uid_for(item) for item in calendars.visible_dates(luce)}
    page.get_by_role("button", name="Créer une nouvelle adresse").click()
    assert fetch(address)[0] == 404
    new_address = page.locator("#calendar-url").input_value().replace("http://testserver", served)
    assert fetch(new_address)[0] == 200

    # The whole dossier in one ZIP: exactly her visible documents and her invoice's PDF.
    page.goto(f"/dossiers/{dossier.pk}/")
    body = downloaded(
        page, lambda: page.get_by_role("link", name="Télécharger tout le dossier").click()
    )
    names = set(zipfile.ZipFile(io.BytesIO(body)).namelist())
    assert names == {"sommaire.csv", *(name for name, *_rest in archives.entries(luce, dossier))}
    assert any(name.startswith("Factures/") for name in names)

    # A daily summary: three publishes in a day make one email, at her hour.
    page.goto("/mon-compte/")
    page.get_by_label("Un récapitulatif par jour").check()
    page.get_by_label("Heure du récapitulatif quotidien").select_option("18")
    page.locator("#notifications").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Votre choix d'e-mails est enregistré.")).to_be_visible()
    mail.outbox.clear()
    for n in range(3):
        document = Document.objects.create(
            dossier=dossier,
            live=False,
            title=f"Nouvelle pièce {n}",
            file=world._pdf(f"p{n}.pdf", "Pièce"),
        )
        publishing.publish(dossier, {Document: [document.pk]})
    [digest] = OutgoingEmail.objects.filter(kind="share_digest", user=luce, status="queued")
    assert timezone.localtime(digest.send_after).hour == 18
    send_due_emails()
    [email] = sent_to(luce.email)
    assert "3 documents" in email.body

    # One click in that email: only the essential from now on.
    unsubscribe = re.search(r"<([^>]+)>", email.extra_headers["List-Unsubscribe"]).group(1)
    page.goto(unsubscribe.replace("http://testserver", live_server.url))
    page.get_by_role("button", name="Seulement l'essentiel").click()
    expect(page.get_by_text("C'est fait")).to_be_visible()
    luce.refresh_from_db()
    assert luce.notifications == User.Notifications.ESSENTIAL

    # Her activity, then her data.
    page.goto("/mon-compte/activite/")
    expect(page.get_by_role("heading", name="Mon activité", level=1)).to_be_visible()
    expect(page.get_by_text(re.compile("Connexion|Connecté")).first).to_be_visible()
    page.get_by_role("button", name="Télécharger mes données").first.click()
    expect(page.get_by_text("Nous préparons vos données")).to_be_visible()
    exports.build(DataExport.objects.get(client=luce))  # what the worker's task does
    mail.outbox.clear()
    send_due_emails()
    [ready] = sent_to(luce.email)
    link = re.search(r"http://testserver(/mon-compte/mes-donnees/\d+/)", ready.body).group(1)
    body = downloaded(page, lambda: page.evaluate(f"window.location.href = '{link}'"))
    data = zipfile.ZipFile(io.BytesIO(body))
    assert "compte.json" in data.namelist() and luce.email.encode() in data.read("compte.json")
