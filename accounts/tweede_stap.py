"""What the portal tells someone about their second step as it happens."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib import messages
from django.utils.translation import gettext as _


def bij_authenticator_gebruikt(sender, request, user, authenticator, **kwargs):
    """authenticator_used: logging in with a recovery code usually means the phone is gone. Until now the person
    landed on their home page as after any login, and the app on the lost phone went on working; now they are told
    how many codes are left and where to put the app on their new phone."""
    if request is None or authenticator.type != Authenticator.Type.RECOVERY_CODES:
        return
    # Read again: the code just used is marked on the row the login form checked, not on this instance.
    authenticator = Authenticator.objects.filter(pk=authenticator.pk).first() or authenticator
    over = len(RecoveryCodes(authenticator).get_unused_codes())
    if user.leest_je:
        tekst = _("Je bent ingelogd met een herstelcode; je hebt er nog %(n)s. Is je telefoon kwijt? Ga in het menu "
                  "naar Beveiliging: zet de app uit, stel hem in op je nieuwe telefoon en maak nieuwe herstelcodes.")
    else:
        tekst = _("U bent ingelogd met een herstelcode; u heeft er nog %(n)s. Is uw telefoon kwijt? Ga in het menu "
                  "naar Beveiliging: zet de app uit, stel hem in op uw nieuwe telefoon en maak nieuwe herstelcodes.")
    if over == 0:
        tekst = _("Je bent ingelogd met je laatste herstelcode. Ga in het menu naar Beveiliging en maak nu nieuwe "
                  "herstelcodes.") if user.leest_je else _(
            "U bent ingelogd met uw laatste herstelcode. Ga in het menu naar Beveiliging en maak nu nieuwe "
            "herstelcodes.")
    messages.warning(request, tekst % {"n": over})
