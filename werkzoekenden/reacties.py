"""What this app does when something below it changes (journey events; registered by ``outbox`` at start-up)."""

from accounts.models import User
from accounts.services import GEBRUIKER_GEWIJZIGD, vertrek_of_verhuizing
from outbox.registry import reageer_op
from werkzoekenden.services import dossiertoegangen_van_collega_beeindigen


@reageer_op(GEBRUIKER_GEWIJZIGD)
def collega_gewijzigd(gebeurtenis):
    """A klantmanager left (account switched off), or her organisation or role changed: the accesses colleagues gave
    her to their dossiers end, guardian grant and consent with them. Switched on again, she has none: nothing ends
    and nothing comes back."""
    if not vertrek_of_verhuizing(gebeurtenis):  # switched on again, or only the coordinator flag changed
        return
    door = User.objects.filter(pk=gebeurtenis.door_id).first() if gebeurtenis.door_id else None
    dossiertoegangen_van_collega_beeindigen(klantmanager_id=gebeurtenis.gegevens["gebruiker_id"], door=door)
