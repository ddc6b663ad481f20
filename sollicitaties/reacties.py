"""How the sollicitatieplicht follows the klantreis."""

from outbox.registry import reageer_op
from sollicitaties.services import ww_plicht_beeindigen
from werkzoekenden.models import Kandidaat
from werkzoekenden.services import DOSSIER_OVERGEDRAGEN, UITKERING_GEWIJZIGD


@reageer_op(DOSSIER_OVERGEDRAGEN, UITKERING_GEWIJZIGD)
def ww_gestopt(gebeurtenis):
    """A warme overdracht that ends the WW (UWV to the gemeente, bijstand begins), or the klantmanager recording in
    the dossier that it ended, ends the WW sollicitatieplicht."""
    g = gebeurtenis.gegevens
    if g.get("uitkering_van") == Kandidaat.Uitkering.WW and g.get("uitkering_naar") != Kandidaat.Uitkering.WW:
        ww_plicht_beeindigen(kandidaat_id=g["kandidaat_id"], door_id=gebeurtenis.door_id)
