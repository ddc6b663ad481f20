"""The agenda follows the sollicitatiegesprekken of bemiddeling: one agenda, one truth (the gesprek)."""

from agenda.services import gesprek_bijwerken
from bemiddeling.services import GESPREK_GEANNULEERD, GESPREK_GEPLAND, GESPREK_VERPLAATST
from outbox.registry import reageer_op


@reageer_op(GESPREK_GEPLAND)
def gesprek_gepland(gebeurtenis):
    gesprek_bijwerken(gesprek_id=gebeurtenis.gegevens["gesprek_id"])


@reageer_op(GESPREK_VERPLAATST)
def gesprek_verplaatst(gebeurtenis):
    gesprek_bijwerken(gesprek_id=gebeurtenis.gegevens["gesprek_id"])


@reageer_op(GESPREK_GEANNULEERD)
def gesprek_geannuleerd(gebeurtenis):
    gesprek_bijwerken(gesprek_id=gebeurtenis.gegevens["gesprek_id"])
