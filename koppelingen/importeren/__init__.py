"""Import kandidaten and vacatures from a CSV or JSON file (``manage.py import_kandidaten`` and
``manage.py import_vacatures``; the README section "Kandidaten en vacatures importeren" is the user guide).

Three steps, each usable on its own:

1. ``bestand_lezen`` (``lezen``) turns the bytes into rows of text: encoding (UTF-8, else Windows-1252 as
   Dutch Excel writes it), delimiter, header and the physical line number of every row. A file it cannot
   read raises ``Bestandsfout`` with one Dutch sentence.
2. ``kandidaten_controleren`` / ``vacatures_controleren`` (``controle``) validate every row with a Django
   form (``forms``), so each problem is a Dutch message for one field, and resolve names (beroep,
   vaardigheid, klantmanager, werkgever).
3. ``kandidaten_importeren`` / ``vacatures_importeren`` (``schrijven``) write the valid rows in one
   transaction and update by ``externe_referentie`` instead of duplicating.

``ImportCommand`` (``commando``) is the management-command base both commands share.
"""

from .commando import ImportCommand, samenvatting_kandidaten, samenvatting_vacatures
from .controle import Controle, GeldigeRij, Probleem, kandidaten_controleren, vacatures_controleren
from .lezen import KANDIDATEN, VACATURES, Bestandsfout, Gelezen, Rij, Soort, bestand_lezen, formaat_bij
from .schrijven import Uitkomst, kandidaten_importeren, vacatures_importeren

__all__ = [
    "KANDIDATEN", "VACATURES", "Bestandsfout", "Controle", "GeldigeRij", "Gelezen", "ImportCommand", "Probleem",
    "Rij", "Soort", "Uitkomst", "bestand_lezen", "formaat_bij", "kandidaten_controleren", "kandidaten_importeren",
    "samenvatting_kandidaten", "samenvatting_vacatures", "vacatures_controleren", "vacatures_importeren",
]
