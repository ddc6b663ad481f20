"""Plaatsingen keep their werkgever's region (``Plaatsing.regio``, for the accountmanager's overview)."""

from outbox.registry import reageer_op
from plaatsingen.services import regio_van_werkgever_volgen
from werkgevers.services import WERKGEVER_REGIO_GEWIJZIGD


@reageer_op(WERKGEVER_REGIO_GEWIJZIGD)
def werkgever_regio_gewijzigd(gebeurtenis):
    regio_van_werkgever_volgen(werkgever_id=gebeurtenis.gegevens["werkgever_id"])
