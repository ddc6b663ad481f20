import io

import pikepdf
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory

from accounts.models import Verwerking
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory
from berichten.forms import BerichtForm
from berichten.models import Berichtenwisseling, Gelezen
from berichten.permissions import get_wisseling_for_user
from berichten.selectors import berichten_pagina, inbox_blad, ontvangers
from berichten.services import bericht_versturen, wisseling_gelezen, wisseling_starten
from meldingen.models import Melding
from outbox.models import Gebeurtenis
from tests.security.test_uploads import foto_met_locatie, kwaadaardige_pdf, overtredingen, schone_pdf
from werkzoekenden.models import Toestemming
from werkzoekenden.services import toestemming_verlenen, warme_overdracht

pytestmark = pytest.mark.django_db

def wisselingen_voor(gebruiker):
    """Every thread in the inbox of ``gebruiker``, page by page as the inbox shows them (``?na=``)."""
    gevonden, verder = [], {}
    while True:
        blad = inbox_blad(RequestFactory().get("/", verder), gebruiker)
        gevonden += blad.object_list
        if blad.volgende is None:
            return gevonden
        verder = {"na": blad.volgende}


PDF = schone_pdf()
Soort = Berichtenwisseling.Soort


def _start(wereld, **kwargs):
    return wisseling_starten(door=wereld.werkzoekende_user, soort=Soort.WERKZOEKENDE, kandidaat=wereld.kandidaat,
                             onderwerp="Vraag over mijn cv", tekst="Hoi Karin, kun je naar mijn cv kijken?", **kwargs)


def test_werkzoekende_writes_klantmanager_hears_it(wereld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wisseling = _start(wereld)
    bericht = wisseling.berichten.get()
    assert Gebeurtenis.objects.filter(soort="berichten.bericht_verstuurd", gegevens__bericht_id=bericht.pk).exists()
    [melding] = Melding.objects.all()
    assert melding.ontvanger == wereld.klantmanager
    assert melding.url == f"/berichten/{wisseling.pk}/"
    # The sender has read their own message; the receiver not yet.
    assert Gelezen.objects.get(gebruiker=wereld.werkzoekende_user).tot_bericht == bericht.pk
    assert [w.ongelezen for w in wisselingen_voor(wereld.klantmanager)] == [True]
    assert [w.ongelezen for w in wisselingen_voor(wereld.werkzoekende_user)] == [False]


def test_answer_reaches_the_werkzoekende_by_mail_without_personal_details(wereld,
                                                                          django_capture_on_commit_callbacks):
    wereld.kandidaat.contactvoorkeur = "mail"
    wereld.kandidaat.save()
    wisseling = _start(wereld)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bericht_versturen(wisseling=wisseling, door=wereld.klantmanager,
                          tekst="Hoi Willem, je cv ziet er goed uit. Bel je me over de bakkerij?")
    [bericht] = mail.outbox
    assert bericht.to == [wereld.werkzoekende_user.email]
    assert bericht.subject.endswith("Je hebt een nieuw bericht in het portaal")
    assert f"/berichten/{wisseling.pk}/" in bericht.body
    for geheim in ("Willem", "Karin", "bakkerij", "cv", "Vecht", "Klant"):
        assert geheim not in bericht.body and geheim not in bericht.subject


@pytest.mark.parametrize("voorkeur", ["app", "bellen"])
def test_app_or_bellen_means_in_the_portal_only(wereld, voorkeur, django_capture_on_commit_callbacks):
    wereld.kandidaat.contactvoorkeur = voorkeur
    wereld.kandidaat.save()
    wisseling = _start(wereld)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bericht_versturen(wisseling=wisseling, door=wereld.klantmanager, tekst="Bel je me?")
    assert mail.outbox == []
    assert Melding.objects.filter(ontvanger=wereld.werkzoekende_user).count() == 1


def test_thread_moves_with_the_dossier_at_a_warme_overdracht(wereld):
    wisseling = _start(wereld)
    nieuw = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
    with pytest.raises(Http404):
        get_wisseling_for_user(nieuw, wisseling.pk)
    warme_overdracht(kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=nieuw, notitie="Over naar Jan")
    assert get_wisseling_for_user(nieuw, wisseling.pk) == wisseling
    assert list(wisselingen_voor(nieuw)) == [wisseling]
    with pytest.raises(Http404):
        get_wisseling_for_user(wereld.klantmanager, wisseling.pk)
    assert list(wisselingen_voor(wereld.klantmanager)) == []
    with pytest.raises(PermissionDenied):
        bericht_versturen(wisseling=wisseling, door=wereld.klantmanager, tekst="Nog één ding")
    # The werkzoekende's next message goes to the new klantmanager.
    afzender = wereld.werkzoekende_user
    wisseling.kandidaat.refresh_from_db()
    assert ontvangers(wisseling, afzender) == [nieuw]


def test_covering_colleague_reads_and_hears(wereld):
    collega = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
    wisseling = _start(wereld)
    with pytest.raises(Http404):
        get_wisseling_for_user(collega, wisseling.pk)
    wereld.klantmanager.waarnemer = collega
    wereld.klantmanager.save()
    wisseling = get_wisseling_for_user(collega, wisseling.pk)
    assert list(wisselingen_voor(collega)) == [wisseling]
    assert set(ontvangers(wisseling, wereld.werkzoekende_user)) == {wereld.klantmanager, collega}


def test_strangers_see_nothing(wereld):
    wisseling = _start(wereld)
    for rol in ("vreemde_klantmanager", "vreemde_accountmanager", "vreemde_werkgever", "accountmanager",
                "werkgever", "beheerder"):
        gebruiker = wereld.gebruiker(rol)
        with pytest.raises(Http404):
            get_wisseling_for_user(gebruiker, wisseling.pk)
        assert list(wisselingen_voor(gebruiker)) == []


def test_werkgever_thread_follows_the_accountmanager(wereld):
    from werkgevers.services import accountmanager_toewijzen

    wisseling = wisseling_starten(door=wereld.werkgever_user, soort=Soort.WERKGEVER, werkgever=wereld.werkgever,
                                  onderwerp="Vacature monteur", tekst="Kunt u ons bellen?")
    assert ontvangers(wisseling, wereld.werkgever_user) == [wereld.accountmanager]
    assert get_wisseling_for_user(wereld.accountmanager, wisseling.pk) == wisseling
    nieuw = AccountmanagerFactory(regio=wereld.werkgever.regio)
    accountmanager_toewijzen(werkgever=wereld.werkgever, accountmanager=nieuw, door=wereld.accountmanager)
    wisseling.refresh_from_db()
    assert get_wisseling_for_user(nieuw, wisseling.pk) == wisseling
    with pytest.raises(Http404):
        get_wisseling_for_user(wereld.accountmanager, wisseling.pk)
    with pytest.raises(Http404):
        get_wisseling_for_user(wereld.vreemde_werkgever_user, wisseling.pk)


def test_overleg_about_one_kandidaat(wereld):
    # Without consent to share with one of his werkgevers the accountmanager cannot start one.
    with pytest.raises(PermissionDenied):
        wisseling_starten(door=wereld.accountmanager, soort=Soort.OVERLEG, kandidaat=wereld.kandidaat,
                          onderwerp="Willem", tekst="Hoe gaat het met Willem?")
    toestemming_verlenen(kandidaat=wereld.kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER,
                         werkgever=wereld.werkgever, door=wereld.werkzoekende_user)
    wisseling = wisseling_starten(door=wereld.accountmanager, soort=Soort.OVERLEG, kandidaat=wereld.kandidaat,
                                  onderwerp="Willem bij De Heul", tekst="Is Willem al werkfit?")
    assert wisseling.accountmanager == wereld.accountmanager
    assert ontvangers(wisseling, wereld.accountmanager) == [wereld.klantmanager]
    assert ontvangers(wisseling, wereld.klantmanager) == [wereld.accountmanager]
    # The werkzoekende does not read the professionals' overleg.
    with pytest.raises(Http404):
        get_wisseling_for_user(wereld.werkzoekende_user, wisseling.pk)


def test_attachment_goes_through_the_cv_content_check(wereld):
    nep = SimpleUploadedFile("brief.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    form = BerichtForm(data={"tekst": "Zie bijlage"}, files={"bijlage": nep})
    assert not form.is_valid()
    assert "geen pdf, Word-bestand (.docx) of foto" in form.errors["bijlage"][0]
    echt = SimpleUploadedFile("Mijn brief.pdf", PDF, content_type="application/octet-stream")
    form = BerichtForm(data={"tekst": "Zie bijlage"}, files={"bijlage": echt})
    assert form.is_valid(), form.errors
    wisseling = _start(wereld, bijlage=form.cleaned_data["bijlage"], bijlage_soort=form.cleaned_data["bijlage"].soort)
    bijlage = wisseling.berichten.get().bijlagen.get()
    assert (bijlage.bestandsnaam, bijlage.soort) == ("Mijn brief.pdf", "pdf")
    assert bijlage.grootte == bijlage.bestand.size
    assert bijlage.bestand.name.startswith("berichten/bericht-")
    with pytest.raises(ValidationError):
        _start(wereld, bijlage=SimpleUploadedFile("x.exe", b"MZ"), bijlage_soort="exe")


def test_an_attachment_is_cleaned_like_a_cv_before_anyone_opens_it():
    """A pdf in a message reached the other side as it was sent: with its JavaScript, launch actions and attached
    files. Now the attachment is the pdf written anew, as for a cv or a document."""
    form = BerichtForm(data={"tekst": "Zie bijlage"},
                       files={"bijlage": SimpleUploadedFile("rooster.pdf", kwaadaardige_pdf())})
    assert form.is_valid(), form.errors
    opgeslagen = form.cleaned_data["bijlage"].read()
    assert opgeslagen.startswith(b"%PDF-")
    assert overtredingen(opgeslagen) == []


def test_a_photo_as_attachment_is_stored_as_a_pdf_without_what_the_camera_wrote():
    form = BerichtForm(data={"tekst": "Mijn diploma"},
                       files={"bijlage": SimpleUploadedFile("IMG_2041.jpg", foto_met_locatie())})
    assert form.is_valid(), form.errors
    bijlage = form.cleaned_data["bijlage"]
    assert (bijlage.soort, bijlage.name) == ("pdf", "IMG_2041.pdf")
    inhoud = bijlage.read()
    assert b"Exif" not in inhoud and b"52.0" not in inhoud and b"Pixel 7" not in inhoud
    with pikepdf.open(io.BytesIO(inhoud)) as pdf:
        assert len(pdf.pages) == 1


def test_empty_message_is_refused(wereld):
    with pytest.raises(ValidationError) as fout:
        wisseling_starten(door=wereld.werkzoekende_user, soort=Soort.WERKZOEKENDE, kandidaat=wereld.kandidaat,
                          onderwerp="Vraag", tekst="   ")
    assert "Schrijf eerst een bericht" in str(fout.value)


def test_keyset_pages_newest_first(wereld):
    from berichten.models import Bericht

    wisseling = _start(wereld)
    Bericht.objects.bulk_create([Bericht(wisseling=wisseling, afzender=wereld.klantmanager, tekst=f"b{i}")
                                 for i in range(45)])
    rijen, ouder, nieuwer = berichten_pagina(wisseling)
    assert [r.tekst for r in rijen] == [f"b{i}" for i in range(25, 45)]
    assert nieuwer is None and ouder == rijen[0].pk
    rijen2, ouder2, _nieuwer2 = berichten_pagina(wisseling, voor=ouder)
    assert [r.tekst for r in rijen2] == [f"b{i}" for i in range(5, 25)]
    rijen3, ouder3, nieuwer3 = berichten_pagina(wisseling, voor=ouder2)
    assert rijen3[0].tekst.startswith("Hoi Karin") and ouder3 is None
    terug, _, verder = berichten_pagina(wisseling, na=nieuwer3)
    assert [r.tekst for r in terug] == [f"b{i}" for i in range(5, 25)] and verder == terug[-1].pk
    # Read state never moves back.
    wisseling_gelezen(wisseling=wisseling, door=wereld.werkzoekende_user, tot_bericht=rijen[-1].pk)
    wisseling_gelezen(wisseling=wisseling, door=wereld.werkzoekende_user, tot_bericht=rijen3[0].pk)
    assert Gelezen.objects.get(gebruiker=wereld.werkzoekende_user).tot_bericht == rijen[-1].pk


def test_staff_reading_a_thread_is_in_the_verwerkingenlog(client, wereld):
    wisseling = _start(wereld)
    client.force_login(wereld.klantmanager)
    voor = Verwerking.objects.count()
    assert client.get(f"/berichten/{wisseling.pk}/").status_code == 200
    [regel] = Verwerking.objects.order_by("-pk")[:Verwerking.objects.count() - voor]
    assert (regel.gebruiker, regel.object_id, regel.doel) == (wereld.klantmanager, str(wereld.kandidaat.pk),
                                                              "berichten lezen")


def test_each_inbox_lists_the_threads_of_its_relations_and_reads_only_those(wereld):
    """The staff inbox reads the threads of the person's own relations (caseload, werkgevers, overleg; with the
    colleague they cover and a dossier granted to them) by index. With "the kandidaat's klantmanager is me or I
    cover for them" as one condition across joins, the list and its count read every thread in the country."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Organisatie
    from accounts.permissions import geef_objectrecht
    from accounts.tests.factories import OrganisatieFactory
    from berichten.tests.factories import WisselingFactory
    from tests.plannen import leest_hoogstens
    from werkgevers.models import Werkgever
    from werkgevers.tests.factories import WerkgeverFactory
    from werkzoekenden.models import Kandidaat
    from werkzoekenden.tests.factories import KandidaatFactory

    km, am = wereld.klantmanager, wereld.accountmanager
    org_km, org_am = km.organisatie, am.organisatie
    afwezige_km = KlantmanagerFactory(organisatie=org_km, regio=km.regio, waarnemer=km)
    afwezige_am = AccountmanagerFactory(organisatie=org_am, regio=am.regio, waarnemer=am)
    elders_km = KlantmanagerFactory(waarnemer=km)  # another organisation: covering does not reach across
    gedeeld = KandidaatFactory(klantmanager=wereld.vreemde_klantmanager)
    geef_objectrecht(km, "werkzoekenden.waarnemen_kandidaat", gedeeld)
    eigen_km = [
        WisselingFactory(kandidaat=wereld.kandidaat),
        WisselingFactory(kandidaat=wereld.kandidaat, overleg=True, accountmanager=wereld.vreemde_accountmanager),
        WisselingFactory(kandidaat=KandidaatFactory(klantmanager=afwezige_km)),
        WisselingFactory(kandidaat=gedeeld),
    ]
    eigen_am = [
        WisselingFactory(werkgever=wereld.werkgever, werkgever_soort=True),
        WisselingFactory(werkgever=WerkgeverFactory(accountmanager=afwezige_am), werkgever_soort=True),
        WisselingFactory(kandidaat=KandidaatFactory(), overleg=True, accountmanager=am),
        WisselingFactory(kandidaat=KandidaatFactory(), overleg=True, accountmanager=afwezige_am),
    ]
    # The rest of the country: a thread or two per kandidaat and per werkgever, of other people.
    plaats = KandidaatFactory()
    anderen = Kandidaat.objects.bulk_create(
        KandidaatFactory.build(klantmanager=elders_km, gemeente=plaats.gemeente, regio=plaats.regio)
        for _ in range(200))
    organisaties = Organisatie.objects.bulk_create(
        OrganisatieFactory.build(naam=f"Land {i}", soort=Organisatie.Soort.WERKGEVER, regio=plaats.regio)
        for i in range(150))
    andere_werkgevers = Werkgever.objects.bulk_create(
        WerkgeverFactory.build(organisatie=o, accountmanager=wereld.vreemde_accountmanager, gemeente=plaats.gemeente,
                               regio=plaats.regio) for o in organisaties)
    Berichtenwisseling.objects.bulk_create(
        [Berichtenwisseling(soort=Soort.WERKZOEKENDE, onderwerp="Land", kandidaat=k) for k in anderen * 5]
        + [Berichtenwisseling(soort=Soort.WERKGEVER, onderwerp="Land", werkgever=w) for w in andere_werkgevers * 5]
        + [Berichtenwisseling(soort=Soort.OVERLEG, onderwerp="Land", kandidaat=k,
                              accountmanager=wereld.vreemde_accountmanager) for k in anderen * 2])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE berichten_berichtenwisseling")
            cursor.execute("ANALYZE werkzoekenden_kandidaat")
            cursor.execute("ANALYZE werkgevers_werkgever")

    for gebruiker, eigen in ((km, eigen_km), (am, eigen_am)):
        with CaptureQueriesContext(connection) as queries:
            blad = inbox_blad(RequestFactory().get("/"), gebruiker)
            assert blad.object_list == sorted(eigen, key=lambda w: (w.laatste_bericht_op, w.pk), reverse=True)
            assert len(wisselingen_voor(gebruiker)) == len(eigen)
        if connection.vendor == "postgresql":
            # Each visible thread: found through its relation, then read by its key; a row or two to stop on.
            leest_hoogstens(queries, "berichten_berichtenwisseling", 2 * len(eigen) + 2, sorteren=True)


def test_a_team_inbox_reads_a_page_of_threads_not_every_thread_of_the_team(wereld):
    """A klantmanager covering a large team (60,000 kandidaten among a million) sees a page of the newest threads.
    Before: the team's kandidaten as a union PostgreSQL guessed at 200 rows, joined to every thread of the country and
    all the team's threads sorted for each page (1.1 s). Now the threads are walked newest first (index
    ``wisseling_nieuwste``), each checked against the team, until the page is full."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from klantreis.lib.paginering import PER_PAGINA
    from tests.plannen import leest_hoogstens
    from werkzoekenden.models import Kandidaat
    from werkzoekenden.tests.factories import KandidaatFactory

    km = wereld.klantmanager
    collega = KlantmanagerFactory(organisatie=km.organisatie, regio=km.regio, waarnemer=km)
    plaats = KandidaatFactory()
    team = Kandidaat.objects.bulk_create(KandidaatFactory.build(klantmanager=collega, gemeente=plaats.gemeente,
                                                                regio=plaats.regio) for _ in range(150))
    anderen = Kandidaat.objects.bulk_create(KandidaatFactory.build(gemeente=plaats.gemeente, regio=plaats.regio)
                                            for _ in range(150))
    nu = timezone.now()
    # The team's threads and others' in turn, newest first: half of what the walk meets is the team's.
    Berichtenwisseling.objects.bulk_create(
        Berichtenwisseling(soort=Soort.WERKZOEKENDE, onderwerp="Team", kandidaat=k,
                           laatste_bericht_op=nu - timedelta(minutes=2 * i + kant))
        for i, paar in enumerate(zip(team * 2, anderen * 2)) for kant, k in enumerate(paar))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE berichten_berichtenwisseling")
            cursor.execute("ANALYZE werkzoekenden_kandidaat")
    verwacht = list(Berichtenwisseling.objects.filter(kandidaat__klantmanager__in=[km, collega])
                    .order_by("-laatste_bericht_op", "-pk").values_list("pk", flat=True)[:PER_PAGINA])
    with CaptureQueriesContext(connection) as queries:
        blad = inbox_blad(RequestFactory().get("/"), km)
        assert [w.pk for w in blad.object_list] == verwacht
    if connection.vendor == "postgresql":
        # Half of the threads walked are the team's: a page, and as many of others' in between.
        leest_hoogstens(queries, "berichten_berichtenwisseling", 3 * (PER_PAGINA + 1), opzoeken=True)


def test_an_accountmanager_inbox_reads_a_page_of_threads_not_the_ids_of_all_of_them(wereld):
    """An accountmanager with thousands of overleg threads (6,250 in the national demo). Before: the ids of every
    thread of theirs were fetched and sent back as a list, 12 of the page's 61 ms. Now one condition on the threads'
    own columns (their werkgevers, the accountmanager), walked newest first until the page is full; the colleague
    they cover for counts too."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from klantreis.lib.paginering import PER_PAGINA
    from tests.plannen import leest_hoogstens
    from werkgevers.tests.factories import WerkgeverFactory
    from werkzoekenden.models import Kandidaat
    from werkzoekenden.tests.factories import KandidaatFactory

    am = wereld.accountmanager
    collega = AccountmanagerFactory(organisatie=am.organisatie, regio=am.regio, waarnemer=am)
    ander = AccountmanagerFactory(organisatie=am.organisatie, regio=am.regio)
    van_collega = WerkgeverFactory(accountmanager=collega)
    plaats = KandidaatFactory()
    kandidaten = Kandidaat.objects.bulk_create(KandidaatFactory.build(gemeente=plaats.gemeente, regio=plaats.regio)
                                               for _ in range(100))
    nu = timezone.now()
    # Newest first: theirs and others' in turn (half of what the walk meets is theirs), their werkgevers' threads and
    # their colleague's among the newest, so the first page holds each kind.
    mijn = [Berichtenwisseling(soort=Soort.WERKGEVER, onderwerp="Werkgever", werkgever=w)
            for _ in range(5) for w in (wereld.werkgever, van_collega)]
    mijn += [Berichtenwisseling(soort=Soort.OVERLEG, onderwerp="Overleg", kandidaat=k,
                                accountmanager=collega if i % 10 == 0 else am) for i, k in enumerate(kandidaten * 3)]
    andermans = [Berichtenwisseling(soort=Soort.OVERLEG, onderwerp="Ander", kandidaat=kandidaten[i % 100],
                                    accountmanager=ander) for i in range(len(mijn))]
    for i, paar in enumerate(zip(mijn, andermans)):
        for kant, w in enumerate(paar):
            w.laatste_bericht_op = nu - timedelta(minutes=2 * i + kant)
    Berichtenwisseling.objects.bulk_create(mijn + andermans)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE berichten_berichtenwisseling")
    verwacht = list(Berichtenwisseling.objects.exclude(onderwerp="Ander")
                    .order_by("-laatste_bericht_op", "-pk").values_list("pk", flat=True)[:PER_PAGINA])
    op_de_pagina = Berichtenwisseling.objects.filter(pk__in=verwacht)
    assert op_de_pagina.filter(werkgever=van_collega).exists() and op_de_pagina.filter(accountmanager=collega).exists()
    with CaptureQueriesContext(connection) as queries:
        blad = inbox_blad(RequestFactory().get("/"), am)
        assert [w.pk for w in blad.object_list] == verwacht
    assert sum('"berichten_berichtenwisseling"' in q["sql"] for q in queries.captured_queries) == 1
    if connection.vendor == "postgresql":
        leest_hoogstens(queries, "berichten_berichtenwisseling", 3 * (PER_PAGINA + 1))


def test_the_inbox_of_a_caseload_keeps_a_plan_that_looks_up_its_threads(wereld):
    """The inbox of a klantmanager without a dossier granted to them, as the connection runs it from its seventh visit
    on: a prepared statement (klantreis/lib/postgresql), whose plan PostgreSQL chooses after five runs. That plan
    looks up the caseload's threads and sorts them. With the klantmanager's id padded to four and an ``OR id IN (0, 0,
    0, 0)`` in place of the grants (lists padded for a shape compiled once) it kept a plan that walked the threads of
    the region newest first: here 1,001 of them for a page; on the small demo database 13 ms where 2 ms had done."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from conftest import ontbreekt
    from tests.plannen import herhaald_gelezen_sql
    from werkzoekenden.models import Kandidaat
    from werkzoekenden.tests.factories import KandidaatFactory

    if connection.vendor != "postgresql":
        ontbreekt("PostgreSQL nodig: plannen van prepared statements")
    # A region as the demo has it: forty klantmanagers with a caseload of fifty, two threads per kandidaat, the
    # threads of all caseloads mixed in time.
    org, regio = wereld.klantmanager.organisatie, wereld.klantmanager.regio
    klantmanagers = [KlantmanagerFactory(organisatie=org, regio=regio) for _ in range(40)]
    km = klantmanagers[0]
    plaats = KandidaatFactory()
    kandidaten = Kandidaat.objects.bulk_create(KandidaatFactory.build(
        klantmanager=klantmanagers[i % 40], gemeente=plaats.gemeente, regio=plaats.regio) for i in range(2000))
    nu = timezone.now()
    wisselingen = Berichtenwisseling.objects.bulk_create(
        Berichtenwisseling(soort=Soort.WERKZOEKENDE, onderwerp="Regio", kandidaat=k,
                           laatste_bericht_op=nu - timedelta(minutes=i)) for i, k in enumerate(kandidaten * 2))
    eigen = [w for w in wisselingen if w.kandidaat.klantmanager_id == km.pk]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE berichten_berichtenwisseling")
        cursor.execute("ANALYZE werkzoekenden_kandidaat")
    gezien = []

    def vastleggen(execute, sql, params, many, context):
        gezien.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(vastleggen), CaptureQueriesContext(connection):
        blad = inbox_blad(RequestFactory().get("/"), km)
    assert [w.pk for w in blad.object_list] == [w.pk for w in eigen[:25]]
    [(sql, params)] = [(sql, params) for sql, params in gezien if "berichten_berichtenwisseling" in sql]
    gelezen, plan = herhaald_gelezen_sql(sql, params, "berichten_berichtenwisseling")
    assert gelezen <= 2 * len(eigen) + 2, plan


def test_a_double_click_on_versturen_starts_one_thread_and_tells_the_receiver_once(
        wereld, django_capture_on_commit_callbacks):
    """The second POST of a double click finds the thread the first one started: no second thread, no second
    melding. The same words in a new thread later, or other words now, are a new thread."""
    with django_capture_on_commit_callbacks(execute=True):
        eerste = _start(wereld)
        tweede = _start(wereld)
    assert tweede == eerste
    assert Berichtenwisseling.objects.count() == 1 and eerste.berichten.count() == 1
    assert Melding.objects.filter(ontvanger=wereld.klantmanager).count() == 1
    anders = wisseling_starten(door=wereld.werkzoekende_user, soort=Soort.WERKZOEKENDE, kandidaat=wereld.kandidaat,
                               onderwerp="Vraag over mijn cv", tekst="En nog iets anders.")
    assert anders != eerste
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=10)):
        assert _start(wereld) != eerste


def test_a_double_click_on_a_reply_adds_it_once(wereld, django_capture_on_commit_callbacks):
    wisseling = _start(wereld)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = bericht_versturen(wisseling=wisseling, door=wereld.klantmanager, tekst="Ja, morgen.")
        nog_eens = bericht_versturen(wisseling=wisseling, door=wereld.klantmanager, tekst="Ja, morgen.")
    assert nog_eens == antwoord
    assert wisseling.berichten.count() == 2
    assert Melding.objects.filter(ontvanger=wereld.werkzoekende_user).count() == 1
    # The same words by the other side, or with a file, are a message of their own.
    bericht_versturen(wisseling=wisseling, door=wereld.werkzoekende_user, tekst="Ja, morgen.")
    bericht_versturen(wisseling=wisseling, door=wereld.werkzoekende_user, tekst="Ja, morgen.",
                      bijlage=SimpleUploadedFile("brief.pdf", PDF), bijlage_soort="pdf")
    assert wisseling.berichten.count() == 4


def test_a_message_between_klantmanager_and_werkzoekende_counts_as_contact_for_the_caseload(wereld):
    """"Langer dan 30 dagen geen contact" ignored the conversation in the portal: Jeske and Willem wrote each other
    and he still asked for attention, "laatst: -"."""
    from datetime import timedelta

    from django.utils import timezone

    from werkzoekenden.models import Kandidaat
    from werkzoekenden.selectors import caseload_gefilterd

    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(laatste_contact_op=None)
    wereld.kandidaat.save(update_fields=["laatste_contact_op"])  # the attention dates follow
    def vraagt_aandacht():
        return wereld.kandidaat in list(caseload_gefilterd(wereld.klantmanager, {"aandacht": "contact"})[0])

    assert vraagt_aandacht()
    wisseling = _start(wereld)  # Willem writes
    bericht_versturen(wisseling=wisseling, door=wereld.klantmanager, tekst="Ik bel je morgen.")
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.laatste_contact_op == timezone.localdate()
    assert not vraagt_aandacht()
    # A date typed in the dossier later than the message stays: contact only moves forward.
    morgen = timezone.localdate() + timedelta(days=1)
    Kandidaat.objects.filter(pk=wereld.kandidaat.pk).update(laatste_contact_op=morgen)
    bericht_versturen(wisseling=wisseling, door=wereld.klantmanager, tekst="Toch overmorgen.")
    wereld.kandidaat.refresh_from_db()
    assert wereld.kandidaat.laatste_contact_op == morgen
