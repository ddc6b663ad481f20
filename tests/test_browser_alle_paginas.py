"""axe-core (WCAG 2.1 A/AA) on every page of the portal, as the role that may open it.

The page list comes from the permission matrix: every URL name whose expected answer for a role is 200
is opened in Chromium as that role. A new page is therefore checked as soon as it joins the matrix.
The Django admin is left out: it is Django's own interface for the beheerder, not part of the portal.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from conftest import Wereld
from tests.conftest import Toegankelijkheid, inloggen
from tests.test_permission_matrix import MATRIX, _agenda_objecten

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GEBRUIKER = {"beheerder": "beheerder", "accountmanager": "accountmanager", "klantmanager": "klantmanager",
             "werkgever": "werkgever_user", "werkzoekende": "werkzoekende_user", "programma": "programma"}
NIET_HTML = {"health", "gesprek_agenda", "agenda_feed", "overeenkomst_download", "cv_downloaden", "voordracht_cv",
             "document_downloaden", "voordracht_document",
             "beroep_zoeken", "bijlage_downloaden", "sessie_status", "mijn_gegevens_json", "mijn_gegevens_pdf",
             "sollicitatie_bewijs", "sollicitaties_pdf", "monitor_export"}


def _wereld():
    from werkgevers.models import Instrument
    from werkzoekenden.services import actie_toevoegen, cv_opslaan

    wereld = Wereld()
    wereld.met_bemiddeling()
    wereld.met_plaatsing()
    wereld.instrument = Instrument.objects.first()
    cv_opslaan(kandidaat=wereld.kandidaat, door=wereld.klantmanager, soort="pdf",
               bestand=ContentFile(b"%PDF-1.4 test", name="cv.pdf"))
    wereld.actie = actie_toevoegen(kandidaat=wereld.kandidaat, door=wereld.klantmanager, levensdomein="werk",
                                   doel="Werk vinden", omschrijving="Cv bijwerken", eigenaar="ik")
    from tests.test_permission_matrix import _berichten_en_meldingen

    _berichten_en_meldingen(wereld)  # a thread with an attachment and a melding (issue #13)
    from tests.test_permission_matrix import _documenten

    _documenten(wereld)  # Willem's VCA certificate with the voordracht (issue #14)
    _agenda_objecten(wereld)
    return wereld


def test_every_page_passes_axe_for_the_role_that_uses_it(page, live_server):
    axe = Toegankelijkheid()
    wereld = _wereld()
    bezocht = 0
    for rol, attr in GEBRUIKER.items():
        inloggen(page, live_server, getattr(wereld, attr).email)
        for naam, (kwargs, verwacht) in sorted(MATRIX.items()):
            if verwacht.get(rol) != 200 or naam in NIET_HTML or naam.startswith("account_"):
                continue
            kwargs = kwargs(wereld) if callable(kwargs) else kwargs
            response = page.goto(live_server.url + reverse(naam, kwargs=kwargs))
            assert response.status == 200, f"{naam} als {rol}: {response.status}"
            axe.controleer(page, f"{rol}-{naam}")
            bezocht += 1
        page.context.clear_cookies()
    # Anonymous: the public pages and allauth's pages.
    for naam, (kwargs, verwacht) in sorted(MATRIX.items()):
        if verwacht.get("anoniem") != 200 or naam in NIET_HTML:
            continue
        kwargs = kwargs(wereld) if callable(kwargs) else kwargs
        page.goto(live_server.url + reverse(naam, kwargs=kwargs))
        axe.controleer(page, f"anoniem-{naam}")
        bezocht += 1
    assert bezocht > 60
