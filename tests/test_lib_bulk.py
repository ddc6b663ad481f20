"""klantreis.lib.bulk: rows written with COPY (PostgreSQL) or bulk_create come back exactly as given."""

import pytest
from django.utils import timezone

from klantreis.lib.bulk import rijen_invoegen
from outbox.models import Mail

pytestmark = pytest.mark.django_db

LASTIG = "tab\there, new\nline\r\n, back\\slash \\N, é, \x1f unit \x1e record"


def test_text_json_null_and_dates_survive_the_trip():
    nu = timezone.now()
    context = {"tekst": LASTIG, "lijst": [1, "\\", None], "leeg": {}}
    rijen_invoegen(Mail, ["message_id", "sleutel", "aan", "onderwerp", "template", "context", "tekst",
                          "aangemaakt_op", "volgende_poging_op"],
                   [("0" * 31 + "1", None, "a@voorbeeld.nl", "Onderwerp", "", context, LASTIG, nu, nu),
                    ("0" * 31 + "2", "sleutel:2", "b@voorbeeld.nl", "\\N", "t", [], "", nu, nu)])
    eerste, tweede = Mail.objects.order_by("message_id")
    assert eerste.sleutel is None and tweede.sleutel == "sleutel:2"
    # The two separator characters are the only thing that changes (to a space): no form accepts them.
    assert eerste.tekst == LASTIG.replace("\x1f", " ").replace("\x1e", " ")
    assert eerste.context == context
    assert (tweede.onderwerp, tweede.context, tweede.tekst) == ("\\N", [], "")
    assert eerste.aangemaakt_op == nu and eerste.status == Mail.Status.WACHT and eerste.bijlagen == []
