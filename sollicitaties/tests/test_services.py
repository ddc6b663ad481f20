from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.utils import timezone

from meldingen.models import Melding
from outbox.models import Gebeurtenis
from sollicitaties import services
from sollicitaties.models import PlichtWijziging, Sollicitatieplicht, achter_vanaf
from sollicitaties.selectors import overzicht
from sollicitaties.tests.factories import SollicitatieactiviteitFactory, SollicitatieplichtFactory, WWKandidaatFactory
from werkzoekenden.tests.factories import KandidaatFactory

pytestmark = pytest.mark.django_db


def _vastleggen(kandidaat, datum=None, **extra):
    return services.activiteit_vastleggen(
        kandidaat=kandidaat, door=kandidaat.account, werkgever="Bakkerij Van Dam", functie="Verkoper",
        datum=datum or timezone.localdate(), wijze="mail", **extra)


def test_behind_means_less_than_the_pace_of_the_period():
    begin = timezone.localdate()
    # 4 per 4 weeks: one by the end of each week.
    assert achter_vanaf(begin, 4, 0) == begin + timedelta(days=6)
    assert achter_vanaf(begin, 4, 1) == begin + timedelta(days=13)
    assert achter_vanaf(begin, 4, 3) == begin + timedelta(days=27)
    assert achter_vanaf(begin, 4, 4) is None
    assert achter_vanaf(begin, 1, 0) == begin + timedelta(days=27)
    assert achter_vanaf(begin, 0, 0) is None  # vrijstelling


def test_a_ww_kandidaat_gets_the_standard_plicht_at_the_first_activity_and_the_count_follows(django_capture_on_commit_callbacks):
    kandidaat = WWKandidaatFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _vastleggen(kandidaat)
    plicht = Sollicitatieplicht.objects.get(kandidaat=kandidaat)
    assert (plicht.aantal, plicht.gedaan) == (4, 1)
    assert plicht.startdatum == timezone.localdate(kandidaat.aangemaakt_op)
    gebeurtenis = Gebeurtenis.objects.get(soort=services.ACTIVITEIT_VASTGELEGD)
    assert gebeurtenis.gegevens["kandidaat_id"] == kandidaat.pk and gebeurtenis.gegevens["gedaan"] == 1


def test_a_bijstand_kandidaat_without_a_plicht_cannot_record():
    with pytest.raises(ValidationError):
        _vastleggen(KandidaatFactory())


def test_no_activity_in_the_future_or_in_a_closed_period():
    plicht = SollicitatieplichtFactory(startdatum=timezone.localdate() - timedelta(days=30))
    with pytest.raises(ValidationError):
        _vastleggen(plicht.kandidaat, datum=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError):
        _vastleggen(plicht.kandidaat, datum=timezone.localdate() - timedelta(days=3))  # period 1 ended


def test_edit_and_delete_only_while_the_period_is_open():
    vandaag = timezone.localdate()
    plicht = SollicitatieplichtFactory(startdatum=vandaag - timedelta(days=30))
    oud = SollicitatieactiviteitFactory(kandidaat=plicht.kandidaat, datum=vandaag - timedelta(days=10))
    nieuw = _vastleggen(plicht.kandidaat)
    with pytest.raises(ValidationError):
        services.activiteit_verwijderen(activiteit=oud, door=None)
    with pytest.raises(ValidationError):
        services.activiteit_wijzigen(activiteit=oud, door=None, werkgever="X", functie="Y", datum=vandaag,
                                     wijze="mail")
    services.activiteit_wijzigen(activiteit=nieuw, door=None, werkgever="Jumbo", functie="Kassa", datum=vandaag,
                                 wijze="gesprek")
    plicht.refresh_from_db()
    assert plicht.gedaan == 1
    services.activiteit_verwijderen(activiteit=nieuw, door=None)
    plicht.refresh_from_db()
    assert plicht.gedaan == 0 and plicht.achter_vanaf == plicht.periode_begin + timedelta(days=6)


def test_replacing_and_removing_the_proof_deletes_the_old_file(django_capture_on_commit_callbacks):
    plicht = SollicitatieplichtFactory()
    bestand = ContentFile(b"%PDF-1.4 bewijs", name="bevestiging.pdf")
    bestand.soort = "pdf"
    activiteit = _vastleggen(plicht.kandidaat, bewijs=bestand)
    eerste = activiteit.bewijs.name
    storage = activiteit.bewijs.storage
    assert storage.exists(eerste) and activiteit.bewijs_bestandsnaam == "bevestiging.pdf"
    tweede = ContentFile(b"%PDF-1.4 nieuw", name="nieuw.pdf")
    tweede.soort = "pdf"
    with django_capture_on_commit_callbacks(execute=True):
        activiteit = services.activiteit_wijzigen(activiteit=activiteit, door=None, werkgever="A", functie="B",
                                                  datum=timezone.localdate(), wijze="mail", bewijs=tweede)
    assert not storage.exists(eerste) and storage.exists(activiteit.bewijs.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.activiteit_verwijderen(activiteit=activiteit, door=None)
    assert not storage.exists(activiteit.bewijs.name)


def test_maatwerk_needs_a_reason_and_keeps_its_history(wereld, django_capture_on_commit_callbacks):
    kandidaat = wereld.kandidaat  # Willem, bijstand: the klantmanager may set a plicht for anyone
    with pytest.raises(ValidationError):
        services.plicht_instellen(kandidaat=kandidaat, door=wereld.klantmanager, aantal=2,
                                  startdatum=timezone.localdate(), reden=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.plicht_instellen(kandidaat=kandidaat, door=wereld.klantmanager, aantal=4,
                                  startdatum=timezone.localdate())
        services.plicht_instellen(kandidaat=kandidaat, door=wereld.klantmanager, aantal=0,
                                  startdatum=timezone.localdate(), reden="Ziek gemeld tot 1 januari.")
    geschiedenis = list(PlichtWijziging.objects.filter(plicht__kandidaat=kandidaat).values_list(
        "door", "aantal_was", "aantal", "reden"))
    assert geschiedenis == [(wereld.klantmanager.pk, None, 4, ""),
                            (wereld.klantmanager.pk, 4, 0, "Ziek gemeld tot 1 januari.")]
    plicht = Sollicitatieplicht.objects.get(kandidaat=kandidaat)
    assert plicht.vrijgesteld and plicht.achter_vanaf is None
    # Willem hears of each change, in B1, on his own page.
    teksten = list(Melding.objects.filter(ontvanger=wereld.werkzoekende_user, soort="sollicitaties")
                   .order_by("pk").values_list("tekst", flat=True))
    assert teksten == ["Je contactpersoon heeft je sollicitatieplicht aangepast: nu 4 per 4 weken.",
                       "Je contactpersoon heeft je sollicitatieplicht aangepast: je hoeft nu niet te solliciteren."]


def test_the_database_refuses_maatwerk_without_reason_and_more_than_the_standard():
    kandidaat = WWKandidaatFactory()
    with pytest.raises(IntegrityError):
        Sollicitatieplicht.objects.create(kandidaat=kandidaat, startdatum=timezone.localdate(), aantal=2)


def test_past_periods_keep_the_number_that_was_asked_then(wereld):
    vandaag = timezone.localdate()
    plicht = SollicitatieplichtFactory(kandidaat=wereld.kandidaat, startdatum=vandaag - timedelta(days=40))
    PlichtWijziging.objects.create(plicht=plicht, door=wereld.klantmanager, aantal_was=4, aantal=2,
                                   startdatum=plicht.startdatum, reden="Mantelzorg")
    Sollicitatieplicht.objects.filter(pk=plicht.pk).update(aantal=2, reden="Mantelzorg")
    # The change was made today: period 1 (ended) still asked 4, period 2 asks 2.
    perioden = overzicht(wereld.kandidaat)["pagina"].object_list
    assert [(p.nummer, p.aantal) for p in perioden] == [(2, 2), (1, 4)]


def test_the_daily_task_makes_standard_plichten_moves_periods_and_reminds_once(django_capture_on_commit_callbacks):
    vandaag = timezone.localdate()
    nieuw = WWKandidaatFactory(account=None)
    KandidaatFactory()  # bijstand: no standard plicht
    from accounts.tests.factories import WerkzoekendeUserFactory

    anja = WWKandidaatFactory(account=WerkzoekendeUserFactory())
    # Her period began 26 days ago: it ends in 2 days and she did 1 of 4.
    plicht = SollicitatieplichtFactory(kandidaat=anja, startdatum=vandaag - timedelta(days=26))
    SollicitatieactiviteitFactory(kandidaat=anja, datum=vandaag - timedelta(days=3))
    services.stand_bijwerken(plicht=plicht)
    oud = SollicitatieplichtFactory(startdatum=vandaag - timedelta(days=60))
    Sollicitatieplicht.objects.filter(pk=oud.pk).update(periode_eind=vandaag - timedelta(days=5), gedaan=3)

    with django_capture_on_commit_callbacks(execute=True):
        uitslag = services.plichten_bijwerken(vandaag=vandaag)
    assert uitslag["gemaakt"] == 1 and Sollicitatieplicht.objects.filter(kandidaat=nieuw).exists()
    oud.refresh_from_db()
    assert oud.periode_begin == vandaag - timedelta(days=4) and oud.gedaan == 0
    melding = Melding.objects.get(ontvanger=anja.account, soort="sollicitaties")
    assert "Je moet nog 3 sollicitaties doorgeven." in melding.tekst
    with django_capture_on_commit_callbacks(execute=True):
        again = services.plichten_bijwerken(vandaag=vandaag)
    assert again == {"gemaakt": 0, "doorgeschoven": 0, "herinnerd": 0}
    assert Melding.objects.filter(ontvanger=anja.account, soort="sollicitaties").count() == 1
