"""The figures of the klantreis monitor: one key per figure, defined with its formula in docs/kpi.md.

A ``Kengetal`` row holds one figure for one region (organisatie empty) or one organisation in one month.
Combining months into a period:
- a share (soort ``aandeel``): sum(aantal) / sum(noemer);
- a median (soort ``mediaan``): the median of the merged ``verdeling`` histograms (bucket upper bound -> count);
- a count (soort ``aantal``): sum(aantal); ``funnel_werkt_6w``/``funnel_werkt_6m`` also carry ``noemer``: the
  plaatsingen of that start month that were measured (6 weeks/6 months passed), so sum(aantal) / sum(noemer) is
  the share still at work;
- an average score (soort ``gemiddelde``, beleving): sum(aantal) / sum(noemer), with aantal the sum of the
  scores and noemer the number of answers; ``verdeling`` holds the count per score 1..5.
A cell whose ``personen`` (distinct people behind it, summed over the period) is under ``MINIMUM_PERSONEN`` is
never shown or exported: only "minder dan 5".
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from beleving.models import Touchpoint

MINIMUM_PERSONEN = 5


@dataclass(frozen=True)
class Definitie:
    sleutel: str
    label: str
    soort: str  # "aandeel" | "mediaan" | "aantal" | "gemiddelde"
    eenheid: str = ""  # "werkuren" | "werkdagen" | "dagen" | "" (count, share) | "score"


DEFINITIES = [
    Definitie("belofte_24u", _("Binnen één werkdag contact met een nieuwe werkgever"), "aandeel"),
    Definitie("tijd_eerste_contact", _("Tijd tot eerste contact met een nieuwe werkgever"), "mediaan", "werkuren"),
    Definitie("tijd_eerste_voordracht", _("Tijd van verzoek tot eerste voordracht"), "mediaan", "werkdagen"),
    Definitie("tijd_reactie_voordracht", _("Tijd van voordracht tot reactie van de werkgever"), "mediaan",
              "werkdagen"),
    Definitie("afgewezen_opgepakt", _("Afgewezen kandidaten binnen 5 werkdagen opgepakt"), "aandeel"),
    Definitie("funnel_verzoek", _("Verzoeken"), "aantal"),
    Definitie("funnel_vacature", _("Vacatures"), "aantal"),
    Definitie("funnel_voordracht", _("Voordrachten"), "aantal"),
    Definitie("funnel_gesprek", _("Sollicitatiegesprekken"), "aantal"),
    Definitie("funnel_plaatsing", _("Plaatsingen"), "aantal"),
    Definitie("funnel_werkt_6w", _("Na 6 weken nog aan het werk"), "aantal"),
    Definitie("funnel_werkt_6m", _("Na 6 maanden nog aan het werk"), "aantal"),
    Definitie("nazorg_op_tijd", _("Nazorgmomenten op tijd gedaan"), "aandeel"),
    Definitie("warme_overdrachten", _("Warme overdrachten"), "aantal"),
    Definitie("wachttijd_na_overdracht", _("Wachttijd tot eerste contact na een warme overdracht"), "mediaan",
              "werkdagen"),
    # Time werkzoekenden spend in each phase: one key per phase, "fase:<fase>" (dagen, mediaan); the phases are
    # listed in docs/kpi.md. Beleving per touchpoint: "beleving:<touchpoint>" (gemiddelde, score).
]

# The phases of a werkzoekende, between four milestones of the dossier (docs/kpi.md, "Fasen"): key "fase:<fase>".
FASEN = [
    ("intake", _("Van aanmelding tot eerste actie in het plan van aanpak")),
    ("activering", _("Van eerste actie tot eerste voordracht")),
    ("bemiddeling", _("Van eerste voordracht tot start van het werk")),
]

FUNNEL = ["funnel_verzoek", "funnel_vacature", "funnel_voordracht", "funnel_gesprek", "funnel_plaatsing",
          "funnel_werkt_6w", "funnel_werkt_6m"]

PER_SLEUTEL = {d.sleutel: d for d in DEFINITIES}


def definitie(sleutel: str) -> Definitie | None:
    """The definition of any key, also ``fase:<fase>`` and ``beleving:<touchpoint>``; None for an unknown key."""
    if sleutel in PER_SLEUTEL:
        return PER_SLEUTEL[sleutel]
    soort, _sep, naam = sleutel.partition(":")
    if soort == "fase":
        label = dict(FASEN).get(naam)
        return Definitie(sleutel, label, "mediaan", "dagen") if label else None
    if soort == "beleving":
        if naam in Touchpoint.values:
            return Definitie(sleutel, Touchpoint(naam).label, "gemiddelde", "score")
    return None
