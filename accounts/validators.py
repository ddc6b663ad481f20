"""Password rules in Dutch.

Django 5.2 changed the text of its minimum-length message ("%d characters" instead of
"%(min_length)d characters") and its Dutch catalogue still translates only the old text, so a
Dutch page said "This password is too short". Our own message is Dutch first, like every string here.
"""

from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    MinimumLengthValidator,
    NumericPasswordValidator,
    UserAttributeSimilarityValidator,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimaleLengteValidator(MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(self.get_error_message(), code="password_too_short",
                                  params={"min_length": self.min_length})

    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d teken hebben.",
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens hebben.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Het wachtwoord moet minstens %(min_length)d teken hebben.",
            "Het wachtwoord moet minstens %(min_length)d tekens hebben.",
            self.min_length,
        ) % {"min_length": self.min_length}


# Django's own Dutch help texts say "Uw wachtwoord ..."; a werkzoekende reads "je" everywhere. These speak
# about "het wachtwoord", which suits every reader.

class GelijkenisValidator(UserAttributeSimilarityValidator):
    def get_help_text(self):
        return _("Het wachtwoord lijkt niet te veel op de naam of het e-mailadres van het account.")

    def get_error_message(self):
        return _("Dit wachtwoord lijkt te veel op de %(verbose_name)s.")


class VeelGebruiktValidator(CommonPasswordValidator):
    def get_help_text(self):
        return _("Het wachtwoord is geen veelgebruikt wachtwoord.")

    def get_error_message(self):
        return _("Dit wachtwoord wordt te vaak gebruikt. Kies een ander.")


class NietAlleenCijfersValidator(NumericPasswordValidator):
    def get_help_text(self):
        return _("Het wachtwoord bestaat niet alleen uit cijfers.")

    def get_error_message(self):
        return _("Dit wachtwoord bestaat alleen uit cijfers.")
