"""How bemiddeling reacts to what happened below it (journey events, after commit)."""

from bemiddeling.services import voordrachten_vervallen_vacature_gesloten, voordrachten_vervallen_zonder_toestemming
from outbox.registry import reageer_op
from werkgevers.services import VACATURE_GESLOTEN
from werkzoekenden.models import Toestemming
from werkzoekenden.services import TOESTEMMING_INGETROKKEN


@reageer_op(TOESTEMMING_INGETROKKEN)
def voordrachten_sluiten(gebeurtenis):
    """A voordracht never outlives the consent it rested on (nor, so, a closed dossier)."""
    if gebeurtenis.gegevens.get("doel") == Toestemming.Doel.DELEN_MET_WERKGEVER:
        voordrachten_vervallen_zonder_toestemming(toestemming_id=gebeurtenis.gegevens["toestemming_id"],
                                                  dossier_gesloten=bool(gebeurtenis.gegevens.get("bij_afsluiten")),
                                                  door_id=gebeurtenis.door_id)


@reageer_op(VACATURE_GESLOTEN)
def voordrachten_van_vacature_sluiten(gebeurtenis):
    """Nobody keeps waiting for a job that is gone."""
    voordrachten_vervallen_vacature_gesloten(vacature_id=gebeurtenis.gegevens["vacature_id"],
                                             status=gebeurtenis.gegevens["status"], door_id=gebeurtenis.door_id)
