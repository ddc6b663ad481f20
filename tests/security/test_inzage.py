""""Wie heeft mijn gegevens bekeken": the werkzoekende sees every line of the verwerkingenlog about them
(when, who by role and organisation, what, why), nothing they did themselves, nothing about anyone else."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import WAAROM_PER_ROL, Rol, Verwerking, VerwerkingBetrokkene
from accounts.selectors import DAGEN_PER_PAGINA, REGELS_PER_VERKENNING
from accounts.services import verwerking_registreer, verwerking_vastleggen
from accounts.tests.factories import KlantmanagerFactory
from conftest import logregel_queries
from klantreis.lib.paginering import PER_PAGINA, codeer_cursor
from tests.logregels import vulregels
from tests.plannen import leest_hoogstens
from werkzoekenden.models import KlantmanagerToewijzing
from werkzoekenden.services import (
    DOSSIERVELDEN_KLANTMANAGER,
    GEGEVENS_VOOR_WERKZOEKENDE,
    dossier_bijwerken,
    veranderde_gegevens,
)
from werkzoekenden.tests.factories import KandidaatFactory

URL = "/mijn-gegevens/inzage/"
AMS = ZoneInfo("Europe/Amsterdam")


def _bekijk(client, gebruiker, naam, *args):
    client.force_login(gebruiker)
    assert client.get(reverse(naam, args=args)).status_code == 200


def test_url_en_naam():
    assert reverse("mijn_inzage") == URL


def test_werkzoekende_ziet_wie_wanneer_wat_en_waarom(client, wereld):
    wereld.met_bemiddeling()
    _bekijk(client, wereld.klantmanager, "dossier", wereld.kandidaat.pk)
    _bekijk(client, wereld.werkgever_user, "voordracht_detail", wereld.voordracht.pk)
    _bekijk(client, wereld.klantmanager, "dossier", KandidaatFactory(klantmanager=wereld.klantmanager).pk)
    _bekijk(client, wereld.werkzoekende_user, "dossier", wereld.kandidaat.pk)  # own: no line

    client.force_login(wereld.werkzoekende_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["groepen"]) == 2  # not their own look, not the other kandidaat's dossier
    html = response.content.decode()
    # Their own klantmanager and the werkgever's person (whose name is on the afspraak and the voordracht too) by
    # name, role and organisation.
    assert "Karin Klant, je contactpersoon bij " + wereld.klantmanager.organisatie.naam in html
    assert "Martijn de Heul, werkgever bij " + wereld.werkgever_user.organisatie.naam in html
    assert "Bekeken: dossier" in html and "om je te begeleiden naar werk" in html
    assert "voordracht en cv voor Monteur" in html
    # Reading one's own log writes nothing new.
    aantal = Verwerking.objects.count()
    client.get(URL)
    assert Verwerking.objects.count() == aantal


def test_lijstpagina_noemt_de_werkzoekende_ook(client, wereld):
    _bekijk(client, wereld.klantmanager, "klantmanager_home")
    client.force_login(wereld.werkzoekende_user)
    html = client.get(URL).content.decode()
    assert "caseload" in html


def test_werkzoekende_zonder_dossier_krijgt_een_lege_pagina(client, db):
    from accounts.tests.factories import WerkzoekendeUserFactory

    client.force_login(WerkzoekendeUserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    assert "Nog niemand anders heeft je gegevens bekeken." in response.content.decode()


def test_gelinkt_vanaf_home_mijn_gegevens_en_de_voettekst(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    for url in [reverse("werkzoekende_home"), reverse("dossier", args=[wereld.kandidaat.pk])]:
        assert f'href="{URL}"' in client.get(url).content.decode()
    client.force_login(wereld.klantmanager)
    assert f'href="{URL}"' not in client.get(reverse("dossier", args=[wereld.kandidaat.pk])).content.decode()


def _queries(client, url=URL):
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def _groepen(response):
    return response.context["groepen"]


def _ams(dag, uur=12, minuut=0):
    return timezone.make_aware(datetime.combine(dag, time(uur, minuut)), AMS)


def _regels(gebruiker, persoon, momenten, *, actie="inzien", wat="dossier", doel="begeleiding naar werk"):
    """Lines as ``verwerking_vastleggen`` writes them, at the given moments (in that order: a later line has a
    higher id), in two bulk INSERTs: a test with hundreds of lines takes no time."""
    rol, organisatie = (gebruiker.rol, gebruiker.organisatie.naam if gebruiker.organisatie_id else "")
    ct = ContentType.objects.get_for_model(persoon)
    regels = Verwerking.objects.bulk_create([Verwerking(
        tijdstip=moment, gebruiker=gebruiker, gebruiker_omschrijving=str(gebruiker), rol=rol, organisatie=organisatie,
        actie=actie, wat=wat, content_type=ct, object_id=str(persoon.pk), object_omschrijving=str(persoon),
        doel=doel) for moment in momenten])
    VerwerkingBetrokkene.objects.bulk_create([VerwerkingBetrokkene(
        verwerking=regel, content_type=ct, object_id=str(persoon.pk), omschrijving=str(persoon)) for regel in regels])
    return regels


def test_een_bezoek_van_de_klantmanager_is_een_regel_met_hoe_vaak_wat_en_waarom(client, wereld):
    """Twelve page views of the klantmanager on one Monday are one line: who, that day from the first to the last
    view, what (each page once, with how often) and why. What she changed stands out on a line of its own; another
    person, or another day, is another line. The newest day first, within a day the latest first."""
    wereld.met_bemiddeling()
    km, k = wereld.klantmanager, wereld.kandidaat
    maandag, dinsdag = date(2025, 12, 8), date(2025, 12, 9)
    _regels(km, k, [_ams(maandag, 9, 2 + i) for i in range(8)])
    _regels(km, k, [_ams(maandag, 11, i) for i in range(3)], wat="cv-pagina")
    _regels(km, k, [_ams(maandag, 14, 5)], actie="wijzigen", wat="plan van aanpak")
    _regels(km, k, [_ams(maandag, 16, 40)], wat="plan van aanpak")
    _regels(wereld.werkgever_user, k, [_ams(maandag, 13), _ams(maandag, 15)], wat="voordracht en cv voor Monteur",
            doel="beoordelen en begeleiden van een kandidaat")
    _regels(km, k, [_ams(dinsdag, 10)])
    client.force_login(wereld.werkzoekende_user)
    groepen = _groepen(client.get(URL))
    assert [(g.dag, g.rol, g.actie, g.aantal) for g in groepen] == [
        (dinsdag, "klantmanager", "inzien", 1), (maandag, "klantmanager", "inzien", 12),
        (maandag, "werkgever", "inzien", 2), (maandag, "klantmanager", "wijzigen", 1)]
    html = " ".join(client.get(URL).content.decode().split())
    organisatie = km.organisatie.naam
    assert ("maandag 8 december 2025</time>, van 09:02 tot 16:40</dd> <dt>Wie</dt><dd>Karin Klant, je contactpersoon "
            f"bij {organisatie}</dd> <dt>Wat</dt><dd>Bekeken (12 keer): dossier (8 keer), cv-pagina (3 keer) en plan "
            "van aanpak</dd> <dt>Waarom</dt><dd>om je te begeleiden naar werk</dd>") in html
    assert "dinsdag 9 december 2025</time>, om 10:00" in html
    assert f"<dd>Martijn de Heul, werkgever bij {wereld.werkgever_user.organisatie.naam}</dd>" in html
    assert "Bekeken (2 keer): voordracht en cv voor Monteur" in html
    # The change stands out: a highlighted card, the action marked, not a view among views.
    assert ('<li class="wsp-kaart wsp-kaart--uitgelicht"> <dl class="wsp-inzage__regel"> <dt>Wanneer</dt><dd><time '
            'datetime="2025-12-08">maandag 8 december 2025</time>, om 14:05') in html
    assert '<strong class="wsp-status wsp-status--wacht">Veranderd:</strong> plan van aanpak' in html
    assert html.count("wsp-kaart--uitgelicht") == 1


def test_het_portaal_zelf_en_een_weggehaald_account_blijven_herkenbaar(client, wereld):
    """A line of the portal itself (no account, no role) and one of an account removed since: grouped as well, and
    still saying who it was as far as the log knows."""
    k = wereld.kandidaat
    with time_machine.travel(_ams(date(2025, 12, 8), 3), tick=False):
        verwerking_vastleggen(gebruiker=None, actie="wijzigen", wat="bewaartermijn", doel="opschonen",
                              betrokkenen=[k])
        verwerking_vastleggen(gebruiker=None, actie="wijzigen", wat="bewaartermijn", doel="opschonen",
                              betrokkenen=[k])
        # A klantmanager whose account is gone since: the line keeps her role and organisation (and her id).
        for _ in range(2):
            regel = Verwerking.objects.create(
                gebruiker_id=999_999, gebruiker_omschrijving="Oud Account", rol="klantmanager",
                organisatie="Gemeente Oud", actie="inzien", wat="dossier", object_omschrijving=str(k), doel="x")
            VerwerkingBetrokkene.objects.create(verwerking=regel, content_type=ContentType.objects.get_for_model(k),
                                                object_id=str(k.pk), omschrijving=str(k))
    client.force_login(wereld.werkzoekende_user)
    response = client.get(URL)
    weg, portaal = _groepen(response)
    assert portaal.systeem and portaal.aantal == 2 and not weg.systeem and weg.aantal == 2
    html = " ".join(response.content.decode().split())
    assert "<dd>Het portaal zelf (automatisch)</dd>" in html and "<dd>medewerker bij Gemeente Oud</dd>" in html
    assert "<dd>om je gegevens volgens de regels bij te houden</dd>" in html and "opschonen" not in html


def test_alleen_haar_eigen_vaste_klantmanager_heet_je_contactpersoon(client, wereld):
    """Review: every klantmanager on her inzage was "contactpersoon", also a colleague who covered (waarneming,
    dossiertoegang) and the klantmanager she had before, after the handover. Only the vaste klantmanager she has now,
    or had at that moment, is "je contactpersoon"; anyone else is a "medewerker" of their organisation."""
    k, nu, collega = wereld.kandidaat, wereld.klantmanager, wereld.vreemde_klantmanager
    vroeger = KlantmanagerFactory(voornaam="Vera", achternaam="Vroeger", organisatie=nu.organisatie)
    maandag = date(2025, 12, 8)
    KlantmanagerToewijzing.objects.create(kandidaat=k, klantmanager=vroeger, organisatie=nu.organisatie,
                                          van=_ams(maandag - timedelta(days=30)), tot=_ams(maandag, 12))
    _regels(vroeger, k, [_ams(maandag, 9)])  # then her vaste klantmanager
    _regels(vroeger, k, [_ams(maandag + timedelta(days=1), 9)])  # after the handover
    _regels(collega, k, [_ams(maandag + timedelta(days=2), 9)])  # covered for a day
    _regels(nu, k, [_ams(maandag + timedelta(days=3), 9)])  # now her vaste klantmanager
    client.force_login(wereld.werkzoekende_user)
    response = client.get(URL)
    assert [(g.gebruiker_id, g.contactpersoon) for g in _groepen(response)] == [
        (nu.pk, True), (collega.pk, False), (vroeger.pk, False), (vroeger.pk, True)]
    html = " ".join(response.content.decode().split())
    assert f"<dd>Karin Klant, je contactpersoon bij {nu.organisatie.naam}</dd>" in html
    assert f"<dd>Vera Vroeger, je contactpersoon bij {nu.organisatie.naam}</dd>" in html
    assert f"<dd>Vera Vroeger, medewerker bij {nu.organisatie.naam}</dd>" in html
    assert f"<dd>{collega.get_full_name()}, medewerker bij {collega.organisatie.naam}</dd>" in html
    assert html.count("contactpersoon bij") == 2


def test_waarom_zegt_het_doel_in_gewone_woorden_een_keer_per_regel(client, wereld):
    """The ``doel`` a line keeps is mostly what was done ("afspraak bekijken"), which "Wat" shows already: "Waarom"
    says why in the werkzoekende's words, by the role it was done with, once per line however many lines it groups.
    The werkgever's person is named, as on the afspraak."""
    km, k = wereld.klantmanager, wereld.kandidaat
    dag = timezone.localdate() - timedelta(days=1)
    for uur, doel in enumerate(["afspraak bekijken", "agenda bekijken", "berichten lezen"]):
        _regels(km, k, [_ams(dag, 9 + uur)], wat=doel, doel=doel)
    _regels(wereld.werkgever_user, k, [_ams(dag, 13)], wat="afspraak bekijken", doel="afspraak bekijken")
    client.force_login(wereld.werkzoekende_user)
    html = " ".join(client.get(URL).content.decode().split())
    assert ("<dd>Bekeken (3 keer): afspraak bekijken, agenda bekijken en berichten lezen</dd> <dt>Waarom</dt>"
            "<dd>om je te begeleiden naar werk</dd>") in html
    assert html.count("om je te begeleiden naar werk") == 1 and "bekijken;" not in html
    assert (f"<dd>Martijn de Heul, werkgever bij {wereld.werkgever_user.organisatie.naam}</dd> <dt>Wat</dt>"
            "<dd>Bekeken: afspraak bekijken</dd> <dt>Waarom</dt>"
            "<dd>om te kijken of je bij hun vacature past, of om je op je werk te begeleiden</dd>") in html


def test_elke_rol_en_het_portaal_zelf_hebben_een_waarom():
    assert set(WAAROM_PER_ROL) == {*Rol.values, ""}
    assert all(str(tekst).startswith("om ") for tekst in WAAROM_PER_ROL.values())


def test_een_verandering_zegt_welke_gegevens(client, wereld):
    """A change of the dossier says which of their data, as the line keeps it (the field names in ``details``); a
    change whose details are something else (a document) says no more. The marked action carries its colon: after
    the padded badge a colon of its own stood apart ("Veranderd : dossier bijwerken")."""
    k = wereld.kandidaat
    dossier_bijwerken(kandidaat=k, door=wereld.klantmanager, telefoon="0612345678")
    dossier_bijwerken(kandidaat=k, door=wereld.klantmanager, werkervaring="Bakker", telefoon="0687654321")
    dossier_bijwerken(kandidaat=k, door=wereld.klantmanager, postcode="6811 AB")
    verwerking_registreer(gebruiker=wereld.klantmanager, actie="wijzigen", obj=k, doel="document verwijderen",
                          details="cv: mijn-cv.pdf")
    client.force_login(wereld.werkzoekende_user)
    html = " ".join(client.get(URL).content.decode().split())
    assert ('<dd><strong class="wsp-status wsp-status--wacht">Veranderd (4 keer):</strong> dossier bijwerken (je '
            "telefoonnummer, je werkervaring, je postcode, je gemeente en je regio) (3 keer) en document verwijderen"
            "</dd>") in html
    assert "</strong>:" not in html and "mijn-cv" not in html


def test_elk_dossierveld_heeft_woorden_voor_de_werkzoekende():
    assert {*DOSSIERVELDEN_KLANTMANAGER, "gemeente", "regio"} == set(GEGEVENS_VOOR_WERKZOEKENDE)
    assert veranderde_gegevens(["telefoon", "doelgroepregister_van, doelgroepregister_tot", "werk", "talen, x"]) == [
        "je telefoonnummer", "of je meetelt voor de banenafspraak"]


def test_aantal_queries_groeit_niet_met_het_aantal_regels(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    vandaag = timezone.localdate()
    _regels(wereld.klantmanager, wereld.kandidaat, [_ams(vandaag - timedelta(days=20))])
    klein, _ = _queries(client)
    for dagen_terug in range(12, 0, -1):  # the log is written in time order
        dag = vandaag - timedelta(days=dagen_terug)
        _regels(wereld.klantmanager, wereld.kandidaat, [_ams(dag, 9, i) for i in range(40)])
        _regels(wereld.vreemde_klantmanager, wereld.werkzoekende_user, [_ams(dag, 10, i) for i in range(5)])
        _regels(wereld.beheerder, wereld.werkzoekende_user, [_ams(dag, 11)], actie="wijzigen")
    groot, response = _queries(client)
    # session+user (with the unread meldingen count), kandidaat, the content types of Kandidaat and User, per person
    # a walk that finds the page's days, the page's lines grouped (with the names of the staff who did it)
    assert klein == groot == 7
    assert len({g.dag for g in _groepen(response)}) == DAGEN_PER_PAGINA
    tweede, response = _queries(client, URL + "?na=" + response.context["blad"].volgende)
    assert tweede == groot and response.context["groepen"]


def _alle_paginas(client):
    """Follow the page's own "Volgende" links from the first page to the last."""
    paginas, url = [], URL
    while url:
        response = client.get(url)
        assert response.status_code == 200
        paginas.append(response)
        blad = response.context["blad"]
        url = URL + "?na=" + blad.volgende if blad.volgende else None
    return paginas


def _inhoud(response):
    return [(g.dag, g.gebruiker_id, g.actie, g.aantal) for g in _groepen(response)]


def test_bladeren_telt_elke_regel_een_keer_per_dag_van_nieuw_naar_oud(client, wereld):
    """Many lines over many days, about the kandidaat and about their account (one line naming both counts once),
    never what the werkzoekende did themself: page after page of whole days, newest first, every line counted once.
    A day with more lines than a page looks at is one page of its own, whole."""
    client.force_login(wereld.werkzoekende_user)
    kandidaat, account = wereld.kandidaat, wereld.werkzoekende_user
    vandaag = timezone.localdate()
    verwacht = {}
    for dagen_terug in range(19, 0, -1):  # the log is written in time order
        dag = vandaag - timedelta(days=dagen_terug)
        # On the 9th day back a script (or a very busy klantmanager): more lines in one day than a page looks at.
        aantal = REGELS_PER_VERKENNING + 50 if dagen_terug == 9 else 20 + dagen_terug
        _regels(wereld.klantmanager, kandidaat, [_ams(dag, 8, 0) + timedelta(seconds=10 * i) for i in range(aantal)])
        verwacht[(dag, wereld.klantmanager.pk, "inzien")] = aantal
        if dagen_terug % 4 == 1:  # the account alone: a beheerder looked at the user
            _regels(wereld.beheerder, account, [_ams(dag, 18)], doel="gebruikersbeheer")
            verwacht[(dag, wereld.beheerder.pk, "inzien")] = 1
        if dagen_terug % 5 == 2:  # one line naming both
            with time_machine.travel(_ams(dag, 19), tick=False):
                verwerking_vastleggen(gebruiker=wereld.klantmanager, actie="wijzigen", wat="beide", doel="x",
                                      betrokkenen=[kandidaat, account])
            verwacht[(dag, wereld.klantmanager.pk, "wijzigen")] = 1
        if dagen_terug % 3 == 0:  # what they changed themself is left out
            _regels(account, kandidaat, [_ams(dag, 20)], actie="wijzigen", doel="eigen gegevens")
    paginas = _alle_paginas(client)
    gezien = [groep for response in paginas for groep in _inhoud(response)]
    assert {(d, g, a): n for d, g, a, n in gezien} == verwacht
    assert len(gezien) == len(verwacht)  # each group on one page only: no day is split
    dagen = [d for d, *_rest in gezien]
    assert dagen == sorted(dagen, reverse=True)
    # Days 1-7; day 8 (the walk stopped inside day 9, so day 9 waits for a page of its own); the busy day 9 alone,
    # whole; days 10-16; days 17-19.
    assert [len({d for d, *_r in _inhoud(r)}) for r in paginas] == [7, 1, 1, 7, 3]
    assert paginas[0].context["blad"].is_eerste and not paginas[0].context["blad"].vorige
    # "Vorige" from the last page gives the page before it again, and from there the busy day; before that, the
    # nearest days (a page back holds the days nearest to where one came from), and so on to the newest line.
    vierde = client.get(URL + "?voor=" + paginas[4].context["blad"].vorige)
    assert _inhoud(vierde) == _inhoud(paginas[3]) and not vierde.context["blad"].is_eerste
    derde = client.get(URL + "?voor=" + vierde.context["blad"].vorige)
    assert _inhoud(derde) == _inhoud(paginas[2])
    terug, response = [], derde
    while response.context["blad"].vorige:
        response = client.get(URL + "?voor=" + response.context["blad"].vorige)
        terug += _inhoud(response)
    assert response.context["blad"].is_eerste
    assert sorted(terug) == sorted(_inhoud(paginas[0]) + _inhoud(paginas[1]))
    html = paginas[1].content.decode()
    assert 'rel="next"' in html and 'rel="prev"' in html and "Eerste" in html


def test_de_download_houdt_elke_regel_apart(client, wereld):
    """The page groups; the inzage download (art. 15) keeps every line with its own moment."""
    client.force_login(wereld.werkzoekende_user)
    dag = timezone.localdate() - timedelta(days=1)
    _regels(wereld.klantmanager, wereld.kandidaat, [_ams(dag, 9, i) for i in range(12)])
    [groep] = _groepen(client.get(URL))
    assert groep.aantal == 12
    gegevens = client.get(reverse("mijn_gegevens_json")).json()
    regels = [r for r in gegevens["wie_bekeek_je_gegevens"] if r["wat"] == "dossier"]
    assert len(regels) == 12 and len({r["tijdstip"] for r in regels}) == 12


def test_een_vreemde_of_verlopen_link_geeft_een_goede_pagina(client, wereld):
    client.force_login(wereld.werkzoekende_user)
    for i in range(3):
        verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat, doel=f"{i}")
    eerste = _inhoud(client.get(URL))
    for kapot in ["?na=xyz", "?voor=!!", "?na=" + codeer_cursor(["Jansen", 3]), "?na=" + codeer_cursor(["12"]),
                  "?na=" + codeer_cursor([True])]:
        response = client.get(URL + kapot)
        assert response.status_code == 200, kapot
        assert _inhoud(response) == eerste, kapot
    # Past the oldest line (purged by the bewaartermijn since the link was made): no lines, a way back.
    oudste = Verwerking.objects.order_by("pk").values_list("pk", flat=True).first()
    response = client.get(URL + "?na=" + codeer_cursor([oudste]))
    html = response.content.decode()
    assert _inhoud(response) == [] and "Hier staan geen regels meer" in html and "Eerste" in html
    assert "Nog niemand anders" not in html


def test_een_pagina_leest_een_pagina_van_het_log_hoe_lang_het_ook_is(client, wereld):
    """A kandidaat is named on every view of their klantmanager's caseload: tens of thousands of lines over the
    bewaartermijn. A page reads what it groups, and per person at most the lines its walk looks at to find its days
    (docs/benchmarks.md: 839 ms and 102,259 buffers before, at 30,000 lines of one person in 3 million)."""
    client.force_login(wereld.werkzoekende_user)
    vandaag = timezone.localdate()
    for dagen_terug in range(40, 0, -1):
        dag = vandaag - timedelta(days=dagen_terug)
        if connection.vendor == "postgresql":
            # The country's other lines in between, so the person's are as sparse in the log as they would be:
            # the planner weighs walking the log itself against the person's range of the betrokkenen index.
            # Each at its own moment, as lines of different people are (the page's lower bound reads the lines of
            # one moment in full).
            vulregels([_ams(dag, 7) + timedelta(microseconds=i) for i in range(400)], eerste_id=10_000_000)
        _regels(wereld.klantmanager, wereld.kandidaat, [_ams(dag, 9, i) for i in range(10)])
        _regels(wereld.klantmanager, wereld.werkzoekende_user, [_ams(dag, 10, i) for i in range(10)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The filler lines name their people too, as every line does: the betrokkenen index holds the country.
            cursor.execute("""
                INSERT INTO accounts_verwerkingbetrokkene (verwerking_id, content_type_id, object_id, omschrijving)
                SELECT v.id, %s, v.object_id, v.object_omschrijving FROM accounts_verwerking v
                WHERE NOT EXISTS (SELECT 1 FROM accounts_verwerkingbetrokkene b WHERE b.verwerking_id = v.id)""",
                           [ContentType.objects.get_for_model(wereld.kandidaat).pk])
            cursor.execute("ANALYZE accounts_verwerking")
            cursor.execute("ANALYZE accounts_verwerkingbetrokkene")
    params = {}
    for volgende in ("na", "voor", None):  # the first page, the second, and back to the first
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert sum(g.aantal for g in _groepen(response)) == DAGEN_PER_PAGINA * 20
        blad = response.context["blad"]
        params = {"na": blad.volgende} if volgende == "na" else {"voor": blad.vorige}
        if connection.vendor != "postgresql":  # EXPLAIN ANALYZE is PostgreSQL's
            continue
        # A walk reads at most the ids it looks at and looks their lines up by key (``opzoeken``: as at volume, where
        # hashing the whole log costs more than 301 lookups); the grouping reads the page's lines.
        leest_hoogstens(queries, "accounts_verwerking", REGELS_PER_VERKENNING + 1, opzoeken=True)
        leest_hoogstens(queries, "accounts_verwerkingbetrokkene", REGELS_PER_VERKENNING + 1, opzoeken=True)


def test_caseload_schrijft_een_regel_met_n_betrokkenen_in_vaste_queries(client, wereld):
    """A caseload page: 1 line + N betrokkenen, with a number of INSERTs that does not grow with N (one statement
    on PostgreSQL, the line and one bulk INSERT of the betrokkenen elsewhere)."""
    client.force_login(wereld.klantmanager)

    def inserts():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("klantmanager_home")).status_code == 200
        return sum(1 for q in ctx.captured_queries if "INSERT INTO" in q["sql"].upper())

    assert inserts() == logregel_queries()
    KandidaatFactory.create_batch(30, klantmanager=wereld.klantmanager)
    voor = Verwerking.objects.count()
    assert inserts() == logregel_queries()
    assert Verwerking.objects.count() == voor + 1
    regel = Verwerking.objects.order_by("-pk").first()
    assert VerwerkingBetrokkene.objects.filter(verwerking=regel).count() == min(PER_PAGINA, 31)  # the caseload's page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inzage_op_een_telefoon(browser, live_server, axe):
    from conftest import Wereld
    from tests.conftest import inloggen

    wereld = Wereld().met_bemiddeling()
    verwerking_registreer(gebruiker=wereld.klantmanager, actie="inzien", obj=wereld.kandidaat,
                          doel="begeleiding naar werk", wat="dossier")
    verwerking_registreer(gebruiker=wereld.werkgever_user, actie="inzien", obj=wereld.kandidaat,
                          doel="beoordelen en begeleiden van een kandidaat",
                          wat="voordracht en cv voor Monteur (een lange omschrijving die moet afbreken)")
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        inloggen(page, live_server, wereld.werkzoekende_user.email)
        page.goto(live_server.url + reverse("werkzoekende_home"))
        page.get_by_role("link", name="Wie heeft mijn gegevens bekeken?").click()
        page.wait_for_load_state("load")
        assert page.url.endswith(URL)
        assert page.get_by_role("heading", name="Wie heeft mijn gegevens bekeken").is_visible()
        assert page.get_by_text("Karin Klant, je contactpersoon bij").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        axe.controleer(page, "mijn-inzage-390")
    finally:
        context.close()


def test_veel_eigen_wijzigingen_achter_elkaar_verbergen_niet_wie_ervoor_keek(client, wereld):
    """What the werkzoekende changed themself is not shown, however much of it there is: more of it in a row than a
    page looks at gives a page that says so and goes on to the klantmanager's view before it."""
    vandaag = timezone.localdate()
    _regels(wereld.klantmanager, wereld.kandidaat, [_ams(vandaag - timedelta(days=3), 9)])
    _regels(wereld.werkzoekende_user, wereld.kandidaat,
            [_ams(vandaag - timedelta(days=2), 9) + timedelta(seconds=i) for i in range(REGELS_PER_VERKENNING + 20)],
            actie="wijzigen", doel="eigen gegevens")
    client.force_login(wereld.werkzoekende_user)
    response = client.get(URL)
    assert _groepen(response) == [] and response.context["blad"].volgende
    assert "Hier staat alleen wat je zelf deed" in response.content.decode()
    verder = client.get(URL + "?na=" + response.context["blad"].volgende)
    assert [(g.gebruiker_id, g.aantal) for g in _groepen(verder)] == [(wereld.klantmanager.pk, 1)]
    terug = client.get(URL + "?voor=" + verder.context["blad"].vorige)
    assert _groepen(terug) == [] and terug.context["blad"].volgende
    nieuwste = client.get(URL + "?voor=" + terug.context["blad"].vorige)
    assert _groepen(nieuwste) == [] and nieuwste.context["blad"].is_eerste and nieuwste.context["blad"].volgende
    assert "Hier staat alleen wat je zelf deed" in nieuwste.content.decode()


def test_regels_van_hetzelfde_moment_staan_allemaal_op_de_pagina(client, wereld):
    """Lines written at one moment (one batch, a clock that did not move) share their tijdstip. The page's lowest id
    was the id of whichever of them the database returned first; written newest id first (as a batch may), the
    lines with lower ids of that moment fell off every page. Now the lowest id of the earliest moment."""
    k = wereld.kandidaat
    moment = _ams(date(2025, 12, 8), 3)
    hoogste = (Verwerking.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 100
    for pk, (omschrijving, rol, organisatie) in zip(
            (hoogste + 2, hoogste + 1),
            [("Oud Account", "klantmanager", "Gemeente Oud"), ("Ander Account", "accountmanager", "WSP Oud")]):
        # With its own id (the model's save refuses a line that has one): newest id first.
        [regel] = Verwerking.objects.bulk_create([Verwerking(
            pk=pk, tijdstip=moment, gebruiker_id=999_999 - pk % 7, gebruiker_omschrijving=omschrijving, rol=rol,
            organisatie=organisatie, actie="inzien", wat="dossier", object_omschrijving=str(k), doel="x")])
        VerwerkingBetrokkene.objects.create(verwerking=regel, content_type=ContentType.objects.get_for_model(k),
                                            object_id=str(k.pk), omschrijving=str(k))
    client.force_login(wereld.werkzoekende_user)
    groepen = _groepen(client.get(URL))
    assert sorted(g.organisatie for g in groepen if g.eerst == moment) == ["Gemeente Oud", "WSP Oud"]
