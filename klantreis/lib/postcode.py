"""Dutch postcodes: one validator for models, one normal form (``1234 AB``) for storing."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

postcode_validator = RegexValidator(
    r"^[1-9]\d{3} ?[A-Za-z]{2}$", _("Vul een postcode in zoals 1234 AB.")
)


def normaliseer_postcode(postcode):
    postcode = postcode.replace(" ", "").upper()
    return f"{postcode[:4]} {postcode[4:]}"
