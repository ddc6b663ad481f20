"""What this app does when one of its own journey events is recorded (registered by ``outbox`` at start-up, like the
apps above): what a person's account held for her colleagues ends with who she was."""

from accounts.models import User
from accounts.services import GEBRUIKER_GEWIJZIGD, vertrek_of_verhuizing, waarnemingen_beeindigen
from outbox.registry import reageer_op


@reageer_op(GEBRUIKER_GEWIJZIGD)
def waarneming_na_vertrek(gebeurtenis):
    """A klantmanager or accountmanager left (account switched off), or her organisation or role changed: the
    waarneming she held for a colleague ends, and so does the one a colleague held for her. Switched on again, she
    covers for nobody and nobody for her: nothing ends and nothing comes back."""
    if not vertrek_of_verhuizing(gebeurtenis):  # switched on again, or only the coordinator flag changed
        return
    door = User.objects.filter(pk=gebeurtenis.door_id).first() if gebeurtenis.door_id else None
    waarnemingen_beeindigen(gebruiker_id=gebeurtenis.gegevens["gebruiker_id"], door=door)
