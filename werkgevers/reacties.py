"""What this app does when a journey event of an app below it is recorded (registered by ``outbox`` at start-up)."""

from accounts.models import User
from accounts.services import GEBRUIKER_GEWIJZIGD
from outbox.registry import reageer_op
from werkgevers.services import verzoeken_van_vertrokken_accountmanager


@reageer_op(GEBRUIKER_GEWIJZIGD)
def verzoeken_na_vertrek(gebeurtenis):
    """An accountmanager left, or her role or organisation changed: her open verzoeken go to someone who calls.
    Switched on again, nothing moves."""
    gewijzigd = gebeurtenis.gegevens["gewijzigd"]
    if set(gewijzigd) == {"is_active"} and gewijzigd["is_active"][1]:
        return
    gebruiker = User.objects.filter(pk=gebeurtenis.gegevens["gebruiker_id"]).first()
    if gebruiker is not None:
        verzoeken_van_vertrokken_accountmanager(accountmanager=gebruiker)
