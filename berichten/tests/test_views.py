import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, Verwerking
from accounts.services import waarnemer_instellen
from accounts.tests.factories import AccountmanagerFactory, KlantmanagerFactory, WerkzoekendeUserFactory
from berichten.models import Bericht, Berichtenwisseling, Bijlage
from berichten.services import bericht_versturen, wisseling_starten
from berichten.tests.factories import WisselingFactory
from klantreis.lib.paginering import PER_PAGINA, codeer_cursor
from meldingen.models import Melding
from tests.bladeren import alle_bladen
from tests.gebouwd import gebouwde_queries
from tests.security.test_uploads import schone_pdf
from werkzoekenden.models import DossierToegang
from werkzoekenden.services import dossiertoegang_beeindigen, dossiertoegang_geven, warme_overdracht
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db

PDF = schone_pdf()


def test_willem_starts_a_thread_with_an_attachment_and_karin_answers(client, wereld,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(wereld.werkzoekende_user)
    lijst = client.get(reverse("berichten"))
    assert "Nieuw bericht aan je contactpersoon" in lijst.content.decode()
    url = reverse("wisseling_nieuw_werkzoekende", args=[wereld.kandidaat.pk])
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(url, {"onderwerp": "Mijn cv", "tekst": "Hoi Karin,\nkun je naar mijn cv kijken?",
                                     "bijlage": SimpleUploadedFile("cv willem.pdf", PDF)})
    wisseling = Berichtenwisseling.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("wisseling", args=[wisseling.pk])
    assert Bijlage.objects.get().bestandsnaam == "cv willem.pdf"
    assert Melding.objects.get().ontvanger == wereld.klantmanager

    client.force_login(wereld.klantmanager)
    pagina = client.get(reverse("wisseling", args=[wisseling.pk])).content.decode()
    assert "kun je naar mijn cv kijken?" in pagina and "Bijlage: cv willem.pdf" in pagina
    download = client.get(reverse("bijlage_downloaden", args=[Bijlage.objects.get().pk]))
    with Bijlage.objects.get().bestand.open("rb") as opgeslagen:  # what she downloads is what was written anew
        assert download["Cache-Control"] == "no-store" and b"".join(download.streaming_content) == opgeslagen.read()
    assert Verwerking.objects.filter(gebruiker=wereld.klantmanager, doel="bijlage van een bericht downloaden").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wisseling", args=[wisseling.pk]), {"tekst": "Ziet er goed uit, Willem."})
    assert Bericht.objects.count() == 2
    assert Melding.objects.filter(ontvanger=wereld.werkzoekende_user).count() == 1


def test_a_wrong_file_keeps_what_was_typed(client, wereld):
    wisseling = wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                  onderwerp="Vraag", tekst="Hoi")
    client.force_login(wereld.werkzoekende_user)
    antwoord = client.post(reverse("wisseling", args=[wisseling.pk]),
                           {"tekst": "Hier is mijn brief", "bijlage": SimpleUploadedFile("brief.pdf", b"GIF89a")})
    assert antwoord.status_code == 400
    inhoud = antwoord.content.decode()
    assert "Dit is geen pdf, Word-bestand (.docx) of foto" in inhoud and "Hier is mijn brief" in inhoud
    assert Bericht.objects.count() == 1
    leeg = client.post(reverse("wisseling", args=[wisseling.pk]), {"tekst": "  "})
    assert leeg.status_code == 400 and "Schrijf eerst een bericht" in leeg.content.decode()


def test_klantmanager_chooses_the_accountmanager_for_an_overleg(client, wereld):
    client.force_login(wereld.klantmanager)
    url = reverse("wisseling_nieuw_overleg", args=[wereld.kandidaat.pk])
    pagina = client.get(url).content.decode()
    assert "Met welke accountmanager?" in pagina and wereld.accountmanager.get_full_name() in pagina
    assert wereld.vreemde_accountmanager.email not in pagina
    fout = client.post(url, {"onderwerp": "Willem", "tekst": "Heb je iets voor Willem?"})
    assert fout.status_code == 400 and "Kies een accountmanager" in fout.content.decode()
    client.post(url, {"accountmanager": wereld.accountmanager.pk, "onderwerp": "Willem", "tekst": "Heb je iets?"})
    wisseling = Berichtenwisseling.objects.get()
    assert (wisseling.soort, wisseling.accountmanager) == ("overleg", wereld.accountmanager)
    client.force_login(wereld.accountmanager)
    assert client.get(reverse("wisseling", args=[wisseling.pk])).status_code == 200


def test_bad_page_ids_are_ignored(client, wereld):
    wisseling = wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                  onderwerp="Vraag", tekst="Hoi")
    client.force_login(wereld.werkzoekende_user)
    for query in ("?voor=abc", "?na=-5", "?voor=99999999999999999999999", "?na=0"):
        assert client.get(reverse("wisseling", args=[wisseling.pk]) + query).status_code == 200


def test_opening_the_thread_reads_its_melding(client, wereld, django_capture_on_commit_callbacks):
    wisseling = wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                  onderwerp="Vraag", tekst="Hoi")
    with django_capture_on_commit_callbacks(execute=True):
        bericht_versturen(wisseling=wisseling, door=wereld.klantmanager, tekst="Hoi Willem")
    client.force_login(wereld.werkzoekende_user)
    assert ", 1 ongelezen" in client.get(reverse("berichten")).content.decode()
    pagina = client.get(reverse("wisseling", args=[wisseling.pk])).content.decode()
    assert ", geen nieuwe" in pagina  # the header of this very page already knows
    # A stranger opening the URL reads nothing of anyone.
    client.force_login(wereld.vreemde_klantmanager)
    with django_capture_on_commit_callbacks(execute=True):
        bericht_versturen(wisseling=wisseling, door=wereld.werkzoekende_user, tekst="Nog iets")
    assert client.get(reverse("wisseling", args=[wisseling.pk])).status_code == 404
    assert Melding.objects.get(ontvanger=wereld.klantmanager, gelezen_op__isnull=True)


def test_the_inbox_pages_newest_first_without_counting_and_back(client, wereld):
    """Keyset pages on (laatste bericht, id), newest first: every thread once, also where many share the same
    moment, the same pages going back, no COUNT; a bad or stale cursor gives the first page or a way back."""
    from django.utils import timezone

    moment = timezone.now()
    kandidaten = KandidaatFactory.create_batch(3, klantmanager=wereld.klantmanager)
    wisselingen = [WisselingFactory(kandidaat=kandidaten[i % 3],
                                    laatste_bericht_op=moment - timedelta(minutes=i // 4))
                   for i in range(2 * PER_PAGINA + 7)]
    verwacht = [w.pk for w in sorted(wisselingen, key=lambda w: (w.laatste_bericht_op, w.pk), reverse=True)]
    client.force_login(wereld.klantmanager)
    url, bladen = reverse("berichten"), []
    for antwoord, queries in alle_bladen(client, url):
        assert not any("COUNT(" in q["sql"] and "berichtenwisseling" in q["sql"] for q in queries.captured_queries)
        bladen.append(antwoord)
    assert [w.pk for b in bladen for w in b.context["blad"].object_list] == verwacht
    assert len(bladen) == 3
    terug = client.get(url + "?voor=" + bladen[2].context["blad"].vorige).context["blad"]
    assert [w.pk for w in terug.object_list] == [w.pk for w in bladen[1].context["blad"].object_list]
    for slecht in ("?na=abc", "?voor=%%%", "?na=" + "x" * 2000):
        assert [w.pk for w in client.get(url + slecht).context["blad"].object_list] == verwacht[:PER_PAGINA]
    # A cursor past the last thread (all read away, or an old link): a way back to the newest.
    oud = bladen[2].context["blad"].object_list[-1]
    Berichtenwisseling.objects.filter(pk__in=[w.pk for w in wisselingen]).update(
        laatste_bericht_op=moment + timedelta(hours=1))
    leeg = client.get(url, {"na": codeer_cursor([oud.laatste_bericht_op, oud.pk])}).content.decode()
    assert "Hier staan geen gesprekken meer." in leeg and f'href="{url}"' in leeg


@pytest.mark.parametrize("wie", ["klantmanager", "accountmanager", "werkgever", "werkzoekende_user"])
def test_the_inbox_is_built_once_per_process_not_on_every_visit(client, wereld, wie, monkeypatch):
    """Every visit reads the inbox in the same shape: its SQL is compiled on the first visit (and the first page
    after and before a cursor), then filled in with each person's values. Building and compiling the queryset (a
    subquery, an EXISTS, three joins) on every visit was a quarter of the page's time."""

    if wie == "werkgever":
        for _ in range(PER_PAGINA + 1):
            WisselingFactory(werkgever=wereld.werkgever, werkgever_soort=True)
    elif wie == "accountmanager":
        for _ in range(PER_PAGINA + 1):
            WisselingFactory(kandidaat=wereld.kandidaat, overleg=True, accountmanager=wereld.accountmanager)
    else:
        for _ in range(PER_PAGINA + 1):
            WisselingFactory(kandidaat=wereld.kandidaat)
    client.force_login(wereld.gebruiker(wie) if wie != "werkzoekende_user" else wereld.werkzoekende_user)
    url = reverse("berichten")
    eerste = client.get(url).context["blad"]
    volgende = client.get(url, {"na": eerste.volgende}).context["blad"]
    client.get(url, {"voor": volgende.vorige})
    gebouwd = gebouwde_queries(monkeypatch)
    for verzoek in ({}, {"na": eerste.volgende}, {"voor": volgende.vorige}):
        blad = client.get(url, verzoek).context["blad"]
        assert blad.object_list
    assert not [c for c in gebouwd if c.query.model is Berichtenwisseling]


def test_a_too_big_attachment_is_stopped_like_the_cv_and_what_was_typed_stays(client, wereld, settings):
    """Before: the Berichten file field had no ``data-max-bytes`` (upload.js let a 12 MB file go), and a body the
    upload handler stopped left no word on the form."""
    wisseling = wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                  onderwerp="Vraag", tekst="Hoi")
    client.force_login(wereld.werkzoekende_user)
    for url in (reverse("wisseling", args=[wisseling.pk]),
                reverse("wisseling_nieuw_werkzoekende", args=[wereld.kandidaat.pk])):
        pagina = client.get(url).content.decode()
        assert 'data-max-bytes="10485760"' in pagina and "js/upload.js" in pagina
    # A body that did not announce its size: the upload handler stops reading, the form says why.
    settings.UPLOAD_MAX_BYTES = 256 * 1024
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("UploadLimietMiddleware")]
    client = Client()  # its middleware is loaded at the first request
    client.force_login(wereld.werkzoekende_user)
    antwoord = client.post(reverse("wisseling", args=[wisseling.pk]),
                           {"tekst": "Hier is mijn brief", "bijlage": SimpleUploadedFile("brief.pdf",
                                                                                        PDF + b"0" * 600 * 1024)})
    assert antwoord.status_code == 400
    inhoud = antwoord.content.decode()
    assert "Dit bestand is groter dan 10 MB" in inhoud and "Hier is mijn brief" in inhoud
    assert Bericht.objects.count() == 1


def test_a_body_over_the_limit_gets_the_page_in_the_normal_layout_still_logged_in(client, wereld):
    """Before: a bare page with "Inloggen" in the header (the middleware answered before the session was read),
    saying "hooguit 11 MB" where the form says 10 MB."""
    client.force_login(wereld.werkzoekende_user)
    antwoord = client.post(reverse("wisseling_nieuw_werkzoekende", args=[wereld.kandidaat.pk]),
                           {"onderwerp": "Cv", "tekst": "Hoi Karin",
                            "bijlage": SimpleUploadedFile("cv.pdf", PDF + b"0" * (12 * 1024 * 1024))})
    assert antwoord.status_code == 413
    inhoud = antwoord.content.decode()
    assert "Dit bestand is te groot" in inhoud and "Een bestand mag hooguit 10 MB zijn." in inhoud
    assert "Willem" in inhoud and "Uitloggen" in inhoud  # the header of someone logged in
    assert "Bekijk wie je gegevens bekeek" in inhoud  # the werkzoekende's own footer
    assert not Berichtenwisseling.objects.exists()


def test_an_overleg_with_an_accountmanager_who_left_says_so_and_takes_no_message_nobody_reads(client, wereld):
    """Hans left the WSP (his account stopped). Karin's overleg with him about Willem stayed open to write in: her
    message went to nobody, and nothing on the page said so. Now the page says who left and offers a new overleg;
    what was written stays readable."""
    wisseling = wisseling_starten(door=wereld.klantmanager, soort="overleg", kandidaat=wereld.kandidaat,
                                  accountmanager=wereld.accountmanager, onderwerp="Willem",
                                  tekst="Heb je iets voor Willem?")
    User.objects.filter(pk=wereld.accountmanager.pk).update(is_active=False)
    client.force_login(wereld.klantmanager)
    url = reverse("wisseling", args=[wisseling.pk])
    html = client.get(url).content.decode()
    assert "Heb je iets voor Willem?" in html
    assert "Anton Account werkt hier niet meer en leest dit overleg niet." in html
    assert reverse("wisseling_nieuw_overleg", args=[wereld.kandidaat.pk]) in html
    assert 'name="tekst"' not in html
    antwoord = client.post(url, {"tekst": "Hallo? Willem kan vanaf maandag starten."})
    assert antwoord.status_code == 400 and "werkt hier niet meer" in antwoord.content.decode()
    # What she typed is not lost: it stays on the page to copy into a new overleg.
    assert "Hallo? Willem kan vanaf maandag starten." in antwoord.content.decode()
    assert Bericht.objects.filter(wisseling=wisseling).count() == 1


def test_a_long_word_in_a_subject_or_message_wraps_instead_of_widening_the_page(client, wereld,
                                                                                django_capture_on_commit_callbacks):
    """A pasted link or a word without spaces made the inbox, the thread and the meldingen of the other party wider
    than a phone (390 px): the text people write breaks anywhere (``wsp-breekbaar``)."""
    lang = "Onderwerpzonderspaties" * 9
    with django_capture_on_commit_callbacks(execute=True):
        wisseling = wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                      onderwerp=lang, tekst="https://example.nl/" + "a" * 400)
    client.force_login(wereld.werkzoekende_user)
    draad = client.get(reverse("wisseling", args=[wisseling.pk])).content.decode()
    assert '<h1 class="utrecht-heading-1 wsp-breekbaar">' + lang in draad
    assert '<p class="wsp-bericht__tekst wsp-breekbaar">https://example.nl/' in draad
    lijst = client.get(reverse("berichten")).content.decode()
    assert lijst.count('<li class="wsp-breekbaar') == 1
    client.force_login(wereld.klantmanager)
    meldingen = client.get(reverse("meldingen")).content.decode()
    assert lang in meldingen and '<li class="wsp-breekbaar wsp-nieuw">' in meldingen


@pytest.mark.parametrize("kant", ["werkzoekende", "werkgever"])
def test_writing_to_a_contactpersoon_who_left_says_the_message_waits_instead_of_sent(client, wereld, kant,
                                                                                     django_capture_on_commit_callbacks):
    """Her klantmanager (his accountmanager) left and nobody is assigned yet: the message reached nobody, while the
    page said it was sent to the contactpersoon. It is kept for whoever comes next, and the writer is told so."""
    if kant == "werkzoekende":
        schrijver, contact = wereld.werkzoekende_user, wereld.klantmanager
        wisseling = wisseling_starten(door=schrijver, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                      onderwerp="Vraag", tekst="Hoi")
        weg, bewaard = "Je contactpersoon werkt hier niet meer.", "Je bericht is bewaard."
    else:
        schrijver, contact = wereld.werkgever_user, wereld.werkgever.accountmanager
        wisseling = wisseling_starten(door=schrijver, soort="werkgever", werkgever=wereld.werkgever,
                                      onderwerp="Vraag", tekst="Goedemiddag")
        weg, bewaard = "Uw accountmanager werkt hier niet meer.", "Uw bericht is bewaard."
    client.force_login(schrijver)
    assert weg not in client.get(reverse("wisseling", args=[wisseling.pk])).content.decode()
    contact.is_active = False
    contact.save(update_fields=["is_active"])
    assert weg in client.get(reverse("wisseling", args=[wisseling.pk])).content.decode()
    nieuw = (reverse("wisseling_nieuw_werkzoekende", args=[wereld.kandidaat.pk]) if kant == "werkzoekende"
             else reverse("wisseling_nieuw_werkgever", args=[wereld.werkgever.pk]))
    assert weg in client.get(nieuw).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("wisseling", args=[wisseling.pk]), {"tekst": "Is er iemand?"}, follow=True)
    inhoud = antwoord.content.decode()
    assert bewaard in inhoud and "bericht is verstuurd" not in inhoud
    assert Bericht.objects.filter(wisseling=wisseling).count() == 2


def _bewijs(pagina):
    """The token the thread's answer form carries (``berichten.permissions.antwoordbewijs``); "" when it has none."""
    gevonden = re.search(r'name="bewijs" value="([^"]+)"', pagina.content.decode())
    return gevonden.group(1) if gevonden else ""


def _collega(van):
    maak = AccountmanagerFactory if van.rol == "accountmanager" else KlantmanagerFactory
    return maak(organisatie=van.organisatie, regio=van.regio, voornaam="Jeske", achternaam="Waar")


@pytest.mark.parametrize("hoe", ["caseload", "dossier", "werkgever"])
def test_a_waarnemer_whose_waarneming_ended_keeps_what_she_typed_in_a_stale_tab(client, wereld, hoe):
    """Jeske covered for Karin (her caseload, or Willem's dossier alone) or for Anton (his werkgevers) and had the
    thread open; the waarneming ended, and her answer from that tab was a 404 page: what she typed was gone. Now the
    page says why, shows her text to copy and nothing else of the thread; nothing is sent."""
    if hoe == "werkgever":
        wisseling = wisseling_starten(door=wereld.werkgever_user, soort="werkgever", werkgever=wereld.werkgever,
                                      onderwerp="Vacature monteur", tekst="Geheim van de werkgever")
        jeske = _collega(wereld.accountmanager)
        waarnemer_instellen(gebruiker=wereld.accountmanager, waarnemer=jeske)
    else:
        wisseling = wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende",
                                      kandidaat=wereld.kandidaat, onderwerp="Vacature monteur",
                                      tekst="Geheim van Willem")
        jeske = _collega(wereld.klantmanager)
        if hoe == "caseload":
            waarnemer_instellen(gebruiker=wereld.klantmanager, waarnemer=jeske)
        else:
            toegang = dossiertoegang_geven(kandidaat=wereld.kandidaat, door=wereld.klantmanager, klantmanager=jeske,
                                           reden="Verlof", tot=timezone.localdate())
    url = reverse("wisseling", args=[wisseling.pk])
    client.force_login(jeske)
    bewijs = _bewijs(client.get(url))
    if hoe == "dossier":
        dossiertoegang_beeindigen(toegang=DossierToegang.objects.get(pk=toegang.pk), door=wereld.klantmanager)
    else:
        waarnemer_instellen(gebruiker=wisseling.kandidaat.klantmanager if wisseling.kandidaat else
                            wereld.accountmanager, waarnemer=None)
    antwoord = client.post(url, {"tekst": "Dag,\nik bel je morgen <b>om tien</b>.", "bewijs": bewijs,
                                 "bijlage": SimpleUploadedFile("rooster.pdf", PDF)})
    assert antwoord.status_code == 403
    inhoud = antwoord.content.decode()
    assert "Je hebt geen toegang meer tot dit gesprek" in inhoud and "Je waarneming is afgelopen." in inhoud
    assert "Dag,\nik bel je morgen &lt;b&gt;om tien&lt;/b&gt;." in inhoud  # her own text, escaped, to copy
    assert "Je bijlage rooster.pdf is ook niet verstuurd." in inhoud
    assert "Vacature monteur" not in inhoud and "Geheim van" not in inhoud and 'name="bewijs"' not in inhoud
    assert Bericht.objects.filter(wisseling=wisseling).count() == 1
    assert client.get(url).status_code == 404  # the thread itself stays closed to her


def test_the_old_klantmanager_answering_from_a_stale_tab_after_a_warme_overdracht_is_told_so(client, wereld):
    wisseling = wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                  onderwerp="Vraag", tekst="Hoi Karin")
    url = reverse("wisseling", args=[wisseling.pk])
    client.force_login(wereld.klantmanager)
    bewijs = _bewijs(client.get(url))
    jan = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
    warme_overdracht(kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=jan, notitie="Willem gaat naar Jan")
    antwoord = client.post(url, {"tekst": "Hoi Willem, tot dinsdag.", "bewijs": bewijs})
    inhoud = antwoord.content.decode()
    assert antwoord.status_code == 403 and "Dit gesprek heeft nu een andere contactpersoon." in inhoud
    assert "Hoi Willem, tot dinsdag." in inhoud and "Hoi Karin" not in inhoud
    assert Bericht.objects.filter(wisseling=wisseling).count() == 1


def test_a_strangers_answer_is_a_404_with_or_without_someone_elses_token(client, wereld):
    """Only the token her own form carried for this thread gives the "no access any more" page: a stranger learns
    nothing of the thread, not even that it exists."""
    wisseling = wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                  onderwerp="Vraag", tekst="Hoi")
    ander = wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat,
                              onderwerp="Andere vraag", tekst="Nog iets")
    url = reverse("wisseling", args=[wisseling.pk])
    client.force_login(wereld.klantmanager)
    bewijs_karin = _bewijs(client.get(url))
    bewijs_ander = _bewijs(client.get(reverse("wisseling", args=[ander.pk])))
    client.force_login(wereld.vreemde_klantmanager)
    for bewijs in (None, "", "rommel", bewijs_karin, bewijs_karin[:-2] + "xx", bewijs_ander):
        data = {"tekst": "Hallo"} if bewijs is None else {"tekst": "Hallo", "bewijs": bewijs}
        assert client.post(url, data).status_code == 404, bewijs
    # After a warme overdracht, Karin's token for one thread gives the page for that thread only.
    jan = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
    warme_overdracht(kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=jan, notitie="Willem gaat naar Jan")
    client.force_login(wereld.klantmanager)
    assert client.post(reverse("wisseling", args=[ander.pk]), {"tekst": "Hallo", "bewijs": bewijs_karin}
                       ).status_code == 404
    assert client.post(url, {"tekst": "Hallo", "bewijs": bewijs_karin}).status_code == 403
    assert Bericht.objects.count() == 2


@pytest.mark.parametrize("kant", ["werkzoekende", "werkgever"])
def test_the_thread_names_the_colleague_covering_for_an_absent_contactpersoon(client, wereld, kant):
    """Anton (Karin) is away and Jeske covers: the werkgever's (werkzoekende's) thread named only Anton, who does
    not answer now. It says who helps until he is back, in the words of the home page."""
    if kant == "werkgever":
        schrijver, contact = wereld.werkgever_user, wereld.accountmanager
        wisseling = wisseling_starten(door=schrijver, soort="werkgever", werkgever=wereld.werkgever,
                                      onderwerp="Vraag", tekst="Goedemiddag")
        nieuw = reverse("wisseling_nieuw_werkgever", args=[wereld.werkgever.pk])
        zin = "Anton is er even niet. Tot Anton terug is, helpt Jeske Waar u."
    else:
        schrijver, contact = wereld.werkzoekende_user, wereld.klantmanager
        wisseling = wisseling_starten(door=schrijver, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                      onderwerp="Vraag", tekst="Hoi")
        nieuw = reverse("wisseling_nieuw_werkzoekende", args=[wereld.kandidaat.pk])
        zin = "Karin is er even niet. Tot Karin terug is, helpt Jeske Waar je."
    client.force_login(schrijver)
    assert "Jeske" not in client.get(reverse("wisseling", args=[wisseling.pk])).content.decode()
    waarnemer_instellen(gebruiker=contact, waarnemer=_collega(contact))
    for url in (reverse("wisseling", args=[wisseling.pk]), nieuw):
        inhoud = client.get(url).content.decode()
        assert zin in inhoud and "Een bericht hier in het portaal leest Jeske ook." in inhoud, url


@pytest.mark.parametrize("kant", ["werkzoekende", "werkgever"])
def test_a_new_message_without_a_contactpersoon_promises_no_answer_and_says_it_waits(client, wereld, kant):
    """The new-message page said "U krijgt antwoord in het portaal" (to the accountmanager who left, by name) above
    the notice that he left. Now only the notice, which says the message waits for the new one."""
    if kant == "werkgever":
        schrijver, contact = wereld.werkgever_user, wereld.accountmanager
        url = reverse("wisseling_nieuw_werkgever", args=[wereld.werkgever.pk])
        belofte = "U krijgt antwoord in het portaal."
        wacht = "Uw bericht blijft bewaard tot u een nieuwe accountmanager"
    else:
        schrijver, contact = wereld.werkzoekende_user, wereld.klantmanager
        url = reverse("wisseling_nieuw_werkzoekende", args=[wereld.kandidaat.pk])
        belofte = "Je krijgt antwoord in het portaal."
        wacht = "Je bericht blijft bewaard tot je een nieuwe contactpersoon"
    client.force_login(schrijver)
    assert belofte in client.get(url).content.decode()
    contact.is_active = False
    contact.save(update_fields=["is_active"])
    inhoud = client.get(url).content.decode()
    assert belofte not in inhoud and wacht in inhoud


@pytest.mark.parametrize("hoe", ["caseload", "dossier", "werkgever"])
def test_a_waarnemer_whose_waarneming_ended_keeps_the_new_message_she_typed(client, wereld, hoe):
    """Jeske covered for Karin (her caseload, or Willem's dossier alone) or for Anton (his werkgevers) and had the
    new-message page open; the waarneming ended, and sending it was a 404 page: subject and text were gone. Now the
    page says why and shows what she typed to copy, and nothing of the dossier or werkgever; nothing is started."""
    if hoe == "werkgever":
        jeske = _collega(wereld.accountmanager)
        waarnemer_instellen(gebruiker=wereld.accountmanager, waarnemer=jeske)
        url, geheim = reverse("wisseling_nieuw_werkgever", args=[wereld.werkgever.pk]), wereld.werkgever.naam
    else:
        jeske = _collega(wereld.klantmanager)
        if hoe == "caseload":
            waarnemer_instellen(gebruiker=wereld.klantmanager, waarnemer=jeske)
        else:
            toegang = dossiertoegang_geven(kandidaat=wereld.kandidaat, door=wereld.klantmanager, klantmanager=jeske,
                                           reden="Verlof", tot=timezone.localdate())
        url, geheim = reverse("wisseling_nieuw_werkzoekende", args=[wereld.kandidaat.pk]), str(wereld.kandidaat)
    client.force_login(jeske)
    pagina = client.get(url)
    assert pagina.status_code == 200 and geheim in pagina.content.decode()
    bewijs = _bewijs(pagina)
    if hoe == "dossier":
        dossiertoegang_beeindigen(toegang=DossierToegang.objects.get(pk=toegang.pk), door=wereld.klantmanager)
    else:
        waarnemer_instellen(gebruiker=wereld.accountmanager if hoe == "werkgever" else wereld.klantmanager,
                            waarnemer=None)
    antwoord = client.post(url, {"onderwerp": "Gesprek <i>dinsdag</i>", "tekst": "Dag,\nik bel <b>morgen</b>.",
                                 "bewijs": bewijs, "bijlage": SimpleUploadedFile("rooster.pdf", PDF)})
    assert antwoord.status_code == 403
    inhoud = antwoord.content.decode()
    assert "Je bericht is niet verstuurd" in inhoud
    assert "Je waarneming is afgelopen. Daarom kun je hier geen nieuw gesprek meer beginnen." in inhoud
    assert "Gesprek &lt;i&gt;dinsdag&lt;/i&gt;" in inhoud and "Dag,\nik bel &lt;b&gt;morgen&lt;/b&gt;." in inhoud
    assert "Je bijlage rooster.pdf is ook niet verstuurd." in inhoud
    assert geheim not in inhoud and 'name="bewijs"' not in inhoud
    assert not Berichtenwisseling.objects.exists()
    assert client.get(url).status_code == 404


def test_the_werkgever_without_an_accountmanager_keeps_the_new_message_he_typed(client, wereld):
    url = reverse("wisseling_nieuw_werkgever", args=[wereld.werkgever.pk])
    client.force_login(wereld.werkgever_user)
    bewijs = _bewijs(client.get(url))
    wereld.werkgever.accountmanager = None
    wereld.werkgever.save(update_fields=["accountmanager"])
    antwoord = client.post(url, {"onderwerp": "Vacature", "tekst": "Kunt u bellen?", "bewijs": bewijs})
    inhoud = antwoord.content.decode()
    assert antwoord.status_code == 403 and "Uw bericht is niet verstuurd" in inhoud
    assert "U kunt hier nu geen nieuw bericht sturen." in inhoud and "Wat u schreef staat hieronder." in inhoud
    assert "Kunt u bellen?" in inhoud and "Naar uw berichten" in inhoud
    assert not Berichtenwisseling.objects.exists()


@pytest.mark.parametrize("soort", ["werkzoekende", "overleg"])
def test_the_old_klantmanager_starting_a_thread_from_a_stale_tab_after_a_warme_overdracht_is_told_so(
        client, wereld, soort):
    url = reverse(f"wisseling_nieuw_{soort}", args=[wereld.kandidaat.pk])
    client.force_login(wereld.klantmanager)
    bewijs = _bewijs(client.get(url))
    jan = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
    warme_overdracht(kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=jan, notitie="Willem gaat naar Jan")
    antwoord = client.post(url, {"onderwerp": "Afspraak", "tekst": "Hoi Willem, tot dinsdag.", "bewijs": bewijs})
    inhoud = antwoord.content.decode()
    assert antwoord.status_code == 403
    assert "Je kunt hier geen nieuw gesprek meer beginnen. Je hebt daar geen toegang meer voor." in inhoud
    assert "Hoi Willem, tot dinsdag." in inhoud and str(wereld.kandidaat) not in inhoud
    assert not Berichtenwisseling.objects.exists()


def test_a_stranger_starting_a_thread_is_a_404_with_or_without_someone_elses_token(client, wereld):
    """Only the token her own new-message form carried, for this soort and this kandidaat or werkgever, gives the
    "not sent" page; any other (another person's, another kandidaat's, another soort's, an answer form's) is a 404
    as before, so a stranger learns nothing, not even that the kandidaat exists."""
    ander = KandidaatFactory(klantmanager=wereld.klantmanager, account=WerkzoekendeUserFactory())
    url = reverse("wisseling_nieuw_werkzoekende", args=[wereld.kandidaat.pk])
    wisseling = wisseling_starten(door=wereld.werkzoekende_user, soort="werkzoekende", kandidaat=wereld.kandidaat,
                                  onderwerp="Vraag", tekst="Hoi")
    client.force_login(wereld.klantmanager)
    bewijs_karin = _bewijs(client.get(url))
    bewijs_overleg = _bewijs(client.get(reverse("wisseling_nieuw_overleg", args=[wereld.kandidaat.pk])))
    bewijs_ander = _bewijs(client.get(reverse("wisseling_nieuw_werkzoekende", args=[ander.pk])))
    bewijs_antwoord = _bewijs(client.get(reverse("wisseling", args=[wisseling.pk])))
    assert bewijs_karin and bewijs_overleg and bewijs_ander and bewijs_antwoord
    client.force_login(wereld.vreemde_klantmanager)
    for bewijs in (None, "", "rommel", bewijs_karin, bewijs_karin[:-2] + "xx", bewijs_ander):
        data = {"onderwerp": "Hallo", "tekst": "Hallo"} | ({} if bewijs is None else {"bewijs": bewijs})
        assert client.post(url, data).status_code == 404, bewijs
    jan = KlantmanagerFactory(organisatie=wereld.klantmanager.organisatie, regio=wereld.klantmanager.regio)
    warme_overdracht(kandidaat=wereld.kandidaat, door=wereld.klantmanager, naar=jan, notitie="Willem gaat naar Jan")
    client.force_login(wereld.klantmanager)
    for bewijs in (bewijs_ander, bewijs_overleg, bewijs_antwoord):
        assert client.post(url, {"onderwerp": "Hallo", "tekst": "Hallo", "bewijs": bewijs}).status_code == 404
    # and her new-message token is no answer token for the thread with him
    assert client.post(reverse("wisseling", args=[wisseling.pk]), {"tekst": "Hallo", "bewijs": bewijs_karin}
                       ).status_code == 404
    assert client.post(url, {"onderwerp": "Hallo", "tekst": "Hallo", "bewijs": bewijs_karin}).status_code == 403
    assert Berichtenwisseling.objects.count() == 1
