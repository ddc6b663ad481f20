"""What this app does when a journey event of an app below it is recorded (registered by ``outbox`` at start-up)."""

from accounts.models import User
from accounts.services import GEBRUIKER_GEWIJZIGD, wie_zij_was_als_vertrokken
from outbox.registry import reageer_op
from werkgevers.services import verzoeken_van_vertrokken_accountmanager


@reageer_op(GEBRUIKER_GEWIJZIGD)
def verzoeken_na_vertrek(gebeurtenis):
    """An accountmanager left, or her role or organisation changed: her open verzoeken go to someone who calls.
    Switched on again, nothing moves. Run late (the outbox retries), only the verzoeken she had when the event was
    recorded move, and none when she is back in the role and organisation she had."""
    if wie_zij_was_als_vertrokken(gebeurtenis) is None:
        return
    verzoeken_van_vertrokken_accountmanager(accountmanager=User.objects.get(pk=gebeurtenis.gegevens["gebruiker_id"]),
                                            ontvangen_tot=gebeurtenis.aangemaakt_op)
