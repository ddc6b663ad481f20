"""The upload page sent twice at the same moment (a double tap), on PostgreSQL with a connection per thread."""

import uuid

import pytest
from django.core.files.base import ContentFile

from tests.gelijktijdig import tegelijk
from werkzoekenden.models import Document
from werkzoekenden.services import document_opslaan
from werkzoekenden.tests.test_cv import PDF

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_upload_page_sent_twice_at_once_is_one_document(wereld_pg):
    """The kandidaat row's lock makes the second wait; it then finds the document of the same key."""
    sleutel = uuid.uuid4()

    def opslaan():
        document_opslaan(kandidaat=wereld_pg.kandidaat, door=wereld_pg.werkzoekende_user,
                         bestand=ContentFile(PDF, name="vca.pdf"), bestandssoort="pdf", soort="certificaat",
                         titel="VCA", formuliersleutel=sleutel)

    fouten = tegelijk([opslaan, opslaan])
    assert not fouten, fouten
    assert Document.objects.filter(kandidaat=wereld_pg.kandidaat, titel="VCA").count() == 1
