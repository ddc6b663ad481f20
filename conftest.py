import os

import pytest

from accounts.models import Arbeidsmarktregio, Gemeente
from accounts.referentiedata import laad_regios_en_gemeenten

from accounts.tests.factories import (
    AccountmanagerFactory,
    BeheerderFactory,
    KlantmanagerFactory,
    WerkzoekendeUserFactory,
)
from werkgevers.tests.factories import WerkgeverFactory, WerkgeverUserFactory
from werkzoekenden.tests.factories import KandidaatFactory

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def ontbreekt(reden):
    """A missing service or browser: a skip on a developer's machine, a failure in CI."""
    if IN_CI:
        pytest.fail(f"{reden} (in CI wordt niets overgeslagen)")
    pytest.skip(reden)


class Wereld:
    """One person per role, related the way the portal relates them, plus strangers."""

    def __init__(self):
        # A data migration loads the regions; a flushed transactional test database needs them again.
        if not Gemeente.objects.exists():
            laad_regios_en_gemeenten(Arbeidsmarktregio, Gemeente)
        self.beheerder = BeheerderFactory(voornaam="Bea", achternaam="Beheer")
        self.accountmanager = AccountmanagerFactory(voornaam="Anton", achternaam="Account")
        self.klantmanager = KlantmanagerFactory(voornaam="Karin", achternaam="Klant")
        self.werkgever = WerkgeverFactory(accountmanager=self.accountmanager, naam="De Heul Installatietechniek")
        self.werkgever_user = WerkgeverUserFactory(werkgever=self.werkgever, voornaam="Martijn", achternaam="de Heul")
        self.werkzoekende_user = WerkzoekendeUserFactory(voornaam="Willem", achternaam="van de Vecht")
        self.kandidaat = KandidaatFactory(
            voornaam="Willem", achternaam="van de Vecht", account=self.werkzoekende_user, klantmanager=self.klantmanager
        )
        # Same roles, other region, no relation to anything above.
        self.vreemde_accountmanager = AccountmanagerFactory(regio=_regio("AM29"))
        self.vreemde_klantmanager = KlantmanagerFactory(regio=_regio("AM29"))

    def per_rol(self):
        return {
            "beheerder": self.beheerder,
            "accountmanager": self.accountmanager,
            "klantmanager": self.klantmanager,
            "werkgever": self.werkgever_user,
            "werkzoekende": self.werkzoekende_user,
        }


def _regio(code):
    from accounts.tests.factories import regio

    return regio(code)


@pytest.fixture
def wereld(db):
    return Wereld()
