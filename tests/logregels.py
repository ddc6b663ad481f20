"""Filler lines for the verwerkingenlog: the rest of the country's views between the lines a test is about, so that
a query plan over the log weighs its indexes as it would at volume. COPY (``rijen_invoegen``), so it takes no time."""

from accounts.models import Verwerking
from klantreis.lib.bulk import rijen_invoegen

VELDEN = ["tijdstip", "gebruiker_omschrijving", "rol", "organisatie", "actie", "wat", "object_id",
          "object_omschrijving", "doel", "details"]


def vulregels(momenten, *, eerste_id=0):
    """One line per moment: a klantmanager of Arnhem viewing a dossier (object ids from ``eerste_id`` on)."""
    rijen_invoegen(Verwerking, VELDEN, [
        (moment, f"Klantmanager {i % 7}", "klantmanager", "Gemeente Arnhem", "inzien", "dossier", str(eerste_id + i),
         f"Kandidaat {eerste_id + i}", "begeleiding naar werk", "")
        for i, moment in enumerate(momenten)])
