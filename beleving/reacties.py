"""After a key moment of the journey, the person concerned gets one short question: "Hoe ging dit?".

Each reaction names the touchpoint, who is asked, and where the answer counts (``regio`` and ``organisatie``,
copied now: the WSP for a werkgever's step, the klantmanager's gemeente or UWV for a werkzoekende's). The cause is
in ``sleutel``, so a reaction that runs twice asks nothing twice; ``vraag_stellen`` skips whoever was asked this
week or said "Vraag me dit niet meer"."""

from beleving.models import Touchpoint
from beleving.services import (
    ontvanger_werkgever,
    ontvanger_werkzoekende,
    organisatie_van_kandidaat,
    vraag_stellen,
    wsp_van,
)
from bemiddeling.models import Voordracht
from bemiddeling.services import (
    GESPREK_GEVOERD,
    VOORDRACHT_AFGEWEZEN,
    VOORDRACHT_GEMAAKT,
    VOORDRACHT_UITGENODIGD,
)
from outbox.registry import reageer_op
from plaatsingen.models import Plaatsing
from plaatsingen.services import NAZORG_GEVOERD, PLAATSING_GESTART
from werkgevers.models import Bedrijfsbezoek, Verzoek
from werkgevers.services import BEZOEK_VASTGELEGD, CONTACT_OPGENOMEN
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import DOSSIER_AANGEMAAKT, DOSSIER_OVERGEDRAGEN, PLAN_GEEVALUEERD


def _werkgever_vragen(touchpoint, werkgever, sleutel, *, email=""):
    return vraag_stellen(touchpoint=touchpoint, ontvanger=ontvanger_werkgever(werkgever, email=email),
                         sleutel=f"{touchpoint}:{sleutel}", regio=werkgever.regio, organisatie=wsp_van(werkgever.regio),
                         werkgever=werkgever)


def _werkzoekende_vragen(touchpoint, kandidaat, sleutel):
    return vraag_stellen(touchpoint=touchpoint, ontvanger=ontvanger_werkzoekende(kandidaat),
                         sleutel=f"{touchpoint}:{sleutel}", regio=kandidaat.regio,
                         organisatie=organisatie_van_kandidaat(kandidaat))


def _kandidaat(pk):
    return Kandidaat.objects.select_related("account", "klantmanager__organisatie", "regio").get(pk=pk)


def _voordracht(pk):
    return Voordracht.objects.select_related(
        "vacature__werkgever__regio", "kandidaat__account", "kandidaat__klantmanager__organisatie",
        "kandidaat__regio").get(pk=pk)


# --- werkgeversreis --------------------------------------------------------------------------------


@reageer_op(CONTACT_OPGENOMEN)
def na_eerste_contact(gebeurtenis):
    """The one who asked for help (the verzoek's address) is asked how the first contact went."""
    verzoek = Verzoek.objects.select_related("werkgever__regio").get(pk=gebeurtenis.gegevens["verzoek_id"])
    _werkgever_vragen(Touchpoint.WG_EERSTE_CONTACT, verzoek.werkgever, f"verzoek:{verzoek.pk}", email=verzoek.email)


@reageer_op(BEZOEK_VASTGELEGD)
def na_kennismaking(gebeurtenis):
    bezoek = Bedrijfsbezoek.objects.select_related("werkgever__regio").get(pk=gebeurtenis.gegevens["bezoek_id"])
    _werkgever_vragen(Touchpoint.WG_KENNISMAKING, bezoek.werkgever, f"bezoek:{bezoek.pk}")


@reageer_op(VOORDRACHT_UITGENODIGD, VOORDRACHT_AFGEWEZEN)
def na_voordrachten(gebeurtenis):
    """The werkgever answered a voordracht (invited, or not suitable): they received and read the voordrachten.
    Once per vacature. A rejection after the gesprek is the gesprek's question (``na_gesprek``)."""
    voordracht = _voordracht(gebeurtenis.gegevens["voordracht_id"])
    if voordracht.status not in (Voordracht.Status.UITGENODIGD, Voordracht.Status.NIET_PASSEND):
        return
    _werkgever_vragen(Touchpoint.WG_VOORDRACHTEN, voordracht.vacature.werkgever, f"vacature:{voordracht.vacature_id}")


@reageer_op(GESPREK_GEVOERD)
def na_gesprek(gebeurtenis):
    """Both sides of the table, once per voordracht (the cap may leave one of them out)."""
    voordracht = _voordracht(gebeurtenis.gegevens["voordracht_id"])
    _werkgever_vragen(Touchpoint.WG_GESPREK, voordracht.vacature.werkgever, f"voordracht:{voordracht.pk}")
    _werkzoekende_vragen(Touchpoint.WZ_GESPREK, voordracht.kandidaat, f"voordracht:{voordracht.pk}")


def _plaatsing(pk):
    return Plaatsing.objects.select_related(
        "werkgever__regio", "kandidaat__account", "kandidaat__klantmanager__organisatie", "kandidaat__regio").get(pk=pk)


@reageer_op(NAZORG_GEVOERD)
def na_nazorg(gebeurtenis):
    """Once per plaatsing for each side: nazorg has several moments, the question comes after the first held."""
    plaatsing = _plaatsing(gebeurtenis.gegevens["plaatsing_id"])
    _werkgever_vragen(Touchpoint.WG_NAZORG, plaatsing.werkgever, f"plaatsing:{plaatsing.pk}")
    _werkzoekende_vragen(Touchpoint.WZ_NAZORG, plaatsing.kandidaat, f"plaatsing:{plaatsing.pk}")


# --- werkzoekendenreis -----------------------------------------------------------------------------


@reageer_op(DOSSIER_AANGEMAAKT)
def na_intake(gebeurtenis):
    kandidaat = _kandidaat(gebeurtenis.gegevens["kandidaat_id"])
    _werkzoekende_vragen(Touchpoint.WZ_INTAKE, kandidaat, f"kandidaat:{kandidaat.pk}")


@reageer_op(PLAN_GEEVALUEERD)
def na_planbespreking(gebeurtenis):
    kandidaat = _kandidaat(gebeurtenis.gegevens["kandidaat_id"])
    _werkzoekende_vragen(Touchpoint.WZ_PLAN, kandidaat, f"gebeurtenis:{gebeurtenis.pk}")


@reageer_op(VOORDRACHT_GEMAAKT)
def na_voordracht(gebeurtenis):
    voordracht = _voordracht(gebeurtenis.gegevens["voordracht_id"])
    _werkzoekende_vragen(Touchpoint.WZ_VOORDRACHT, voordracht.kandidaat, f"voordracht:{voordracht.pk}")


@reageer_op(PLAATSING_GESTART)
def bij_start_werk(gebeurtenis):
    """The first plaatsing of a voordracht; the contract after a proefplaatsing is no new start."""
    if not gebeurtenis.gegevens.get("eerste", True):
        return
    plaatsing = _plaatsing(gebeurtenis.gegevens["plaatsing_id"])
    _werkzoekende_vragen(Touchpoint.WZ_START_WERK, plaatsing.kandidaat, f"plaatsing:{plaatsing.pk}")


@reageer_op(DOSSIER_OVERGEDRAGEN)
def na_overdracht(gebeurtenis):
    """Counted for the organisation of the new klantmanager, who carries on."""
    kandidaat = _kandidaat(gebeurtenis.gegevens["kandidaat_id"])
    _werkzoekende_vragen(Touchpoint.WZ_OVERDRACHT, kandidaat, f"gebeurtenis:{gebeurtenis.pk}")

