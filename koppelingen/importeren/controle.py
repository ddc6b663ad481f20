"""Step 2: validate every row with its form and resolve names to rows in the database.

The result, a ``Controle``, holds the valid rows as model field values (``GeldigeRij``) and every problem
as a Dutch message for one field (``Probleem``).
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.models import Rol, User
from accounts.selectors import gemeente_voor_postcode, gemeenten_voor_postcodes
from beroepen.models import Beroep, Vaardigheid
from beroepen.selectors import beroep_bij_naam, beroep_id_bij_naam
from klantreis.lib.namen import naamvorm
from klantreis.lib.postcode import normaliseer_postcode
from werkgevers.models import Vacature, Werkgever
from werkzoekenden.models import Kandidaat

from .forms import LIJSTSCHEIDER, KandidaatImportForm, VacatureImportForm, datumvolgorde
from .lezen import KANDIDATEN, VACATURES

PER_KEER = 500  # ids per IN (...) query: SQLite limits the number of parameters in one statement


@dataclass
class Probleem:
    plaats: str
    veld: str | None
    melding: str

    def __str__(self):
        if self.veld:
            return _("%(plaats)s, veld %(veld)s: %(melding)s") % {
                "plaats": self.plaats, "veld": self.veld, "melding": self.melding}
        return f"{self.plaats}: {self.melding}"


@dataclass(slots=True)
class GeldigeRij:
    plaats: str
    referentie: str
    velden: dict  # model field -> value, only for the columns in the file (see ``_modelvelden``)
    lijsten: dict  # M2M field -> list of pks, only for list columns in the file
    vindbaar: bool | None = None


@dataclass
class Controle:
    geldig: list  # empty when the rows were only counted (``bewaren=False``: a dry run)
    problemen: list
    aantal_rijen: int
    bestaand: set  # referenties already in the database (to tell "nieuw" from "bijgewerkt" in a dry run)
    aantal_geldig: int
    aantal_bekend: int  # valid rows whose referentie is in ``bestaand``
    meldingen: list = field(default_factory=list)  # notices for the report, e.g. how slash dates were read

    @property
    def overgeslagen(self):
        return self.aantal_rijen - self.aantal_geldig


class Opzoeker:
    """Name -> object lookups for one import, each cached: 10,000 rows name the same few beroepen."""

    def __init__(self):
        self._cache = {}
        self._vaardigheden = None

    def _onthoud(self, soort, sleutel, zoek):
        if (soort, sleutel) not in self._cache:
            self._cache[soort, sleutel] = zoek()
        return self._cache[soort, sleutel]

    def vooraf(self, rijen, *, beroepen, werkgevers=False):
        """Look up every postcode area, beroep (and werkgever) the rows name at once, a few queries for the whole
        file, instead of one query for each new one while checking (thousands in a large file)."""
        pc4s, namen, kvks = set(), set(), set()
        for rij in rijen:
            kvk = rij.waarden.get("werkgever_kvk") if werkgevers else None
            if isinstance(kvk, str):
                kvks.add(re.sub(r"[\s.]", "", kvk).zfill(8))  # as VacatureImportForm.clean_werkgever_kvk
            postcode = rij.waarden.get("postcode")
            if isinstance(postcode, str) and postcode.strip():
                pc4s.add(normaliseer_postcode(postcode.strip())[:4])
            for kolom in beroepen:
                waarde = rij.waarden.get(kolom)
                if isinstance(waarde, str):
                    lijst = kolom in KANDIDATEN.lijsten | VACATURES.lijsten
                    waarde = waarde.split(LIJSTSCHEIDER) if lijst else [waarde]
                for naam in waarde or ():
                    if isinstance(naam, str) and naam.strip():
                        namen.add(naam.strip())
        gemeenten = gemeenten_voor_postcodes(pc4s)
        self._cache.update((("gemeente", pc4), gemeenten.get(pc4)) for pc4 in pc4s)
        ids = {naam: beroep_id_bij_naam(naam) for naam in namen}
        gevonden = {}
        for deel in _per_keer({pk for pk in ids.values() if pk is not None}):
            gevonden.update(Beroep.objects.in_bulk(deel))
        self._cache.update((("beroep", naam.lower()), gevonden.get(pk)) for naam, pk in ids.items())
        bekend = {}
        for deel in _per_keer(kvks):
            bekend.update((w.kvk_nummer, w) for w in Werkgever.objects.filter(kvk_nummer__in=deel))
        self._cache.update((("werkgever", kvk), bekend.get(kvk)) for kvk in kvks)

    def gemeente(self, postcode):
        return self._onthoud("gemeente", postcode[:4], lambda: gemeente_voor_postcode(postcode))

    def beroep(self, naam):
        return self._onthoud("beroep", naam.lower(), lambda: beroep_bij_naam(naam))

    def vaardigheid(self, naam):
        """Exact name, any case, Dutch or English (a Dutch name wins); else the same without accents ("hygiene
        waarborgen"). ESCO has a handful of names twice: the oldest row wins."""
        if self._vaardigheden is None:
            self._vaardigheden, self._vaardigheden_per_vorm = {}, {}
            rijen = list(Vaardigheid.objects.order_by("-pk").values_list("pk", "naam", "naam_en"))
            for pk, _naam, naam_en in rijen:
                if naam_en:
                    self._vaardigheden[naam_en.strip().lower()] = pk
                    self._vaardigheden_per_vorm[naamvorm(naam_en)] = pk
            for pk, vnaam, _naam_en in rijen:
                self._vaardigheden[vnaam.strip().lower()] = pk
                self._vaardigheden_per_vorm[naamvorm(vnaam)] = pk
        pk = self._vaardigheden.get(naam.strip().lower())
        return pk if pk is not None else self._vaardigheden_per_vorm.get(naamvorm(naam))

    def klantmanager(self, email):
        return self._onthoud("klantmanager", email.lower(), lambda: User.objects.filter(
            email__iexact=email, rol=Rol.KLANTMANAGER).first())

    def werkgever(self, kvk):
        return self._onthoud("werkgever", kvk, lambda: Werkgever.objects.filter(kvk_nummer=kvk).first())


def _per_keer(waarden):
    waarden = list(waarden)
    for i in range(0, len(waarden), PER_KEER):
        yield waarden[i:i + PER_KEER]


def _bestaande(queryset, referenties):
    """Objects by externe_referentie, fetched in chunks."""
    gevonden = {}
    for deel in _per_keer(r for r in referenties if r):
        gevonden.update((o.externe_referentie, o) for o in queryset.filter(externe_referentie__in=deel))
    return gevonden


def _controleer(gelezen, form, modelvelden, *, bestaand, bewaren, meldingen):
    """Validate every row with ``form`` (bound to each in turn); a repeated referentie is an error on the later row.
    A dry run only counts the valid rows (``bewaren=False``): 70,000 of them as model values were 100 MB."""
    eerder, geldig, problemen, aantal_geldig, aantal_bekend = {}, [], [], 0, 0
    for rij in gelezen.rijen:
        fouten = list(rij.problemen)
        if fouten and not rij.waarden:  # a JSON item that is not an object: nothing to validate
            problemen.extend(Probleem(rij.plaats, veld, melding) for veld, melding in fouten)
            continue
        al_gemeld = {veld for veld, _melding in fouten}  # a JSON list where one value belongs: not also "verplicht"
        form.binden(rij.waarden, aanwezig=set(rij.waarden))
        if not form.is_valid():
            for veld, veldfouten in form.errors.items():  # not ``meldingen``: that is the report's notices
                if veld not in al_gemeld:
                    fouten.extend((None if veld == "__all__" else veld, m) for m in veldfouten)
        referentie = form.cleaned_data.get("referentie")
        if referentie:
            if referentie in eerder:
                fouten.append(("referentie", _("De referentie %(r)s staat ook al op %(plaats)s.")
                               % {"r": referentie, "plaats": eerder[referentie]}))
            else:
                eerder[referentie] = rij.plaats
        if fouten:
            problemen.extend(Probleem(rij.plaats, veld, melding) for veld, melding in fouten)
        else:
            aantal_geldig += 1
            aantal_bekend += referentie in bestaand
            if bewaren:
                geldig.append(modelvelden(rij, form.cleaned_data))
    return Controle(geldig=geldig, problemen=problemen, aantal_rijen=len(gelezen.rijen), bestaand=set(bestaand),
                    aantal_geldig=aantal_geldig, aantal_bekend=aantal_bekend, meldingen=meldingen)


# Columns whose empty cell means "not given": the default for a new row, unchanged for an existing one.
# Any other empty cell clears the field.
MET_STANDAARD = {"werkfit", "klantmanager", "vindbaar", "aantal_posities", "contracttype", "status"}


def _modelvelden(rij, cleaned, *, lijsten, hernoem=None):
    velden, m2m = {}, {}
    for kolom in rij.waarden:
        waarde = cleaned.get(kolom)
        if kolom in ("referentie", "vindbaar") or (kolom in MET_STANDAARD and waarde in (None, "")):
            continue
        if kolom in lijsten:
            m2m[kolom] = waarde
        elif kolom == "postcode":
            velden["postcode"], velden["gemeente"] = waarde, cleaned["gemeente"]
            velden["regio"] = cleaned["gemeente"].regio
        else:
            velden[(hernoem or {}).get(kolom, kolom)] = waarde
    if "klantmanager" not in rij.waarden and cleaned.get("klantmanager"):
        velden["klantmanager"] = cleaned["klantmanager"]  # from --klantmanager
    return GeldigeRij(plaats=rij.plaats, referentie=cleaned["referentie"], velden=velden, lijsten=m2m,
                      vindbaar=cleaned.get("vindbaar"))


def _referenties(gelezen):
    return {r.waarden["referentie"] for r in gelezen.rijen if isinstance(r.waarden.get("referentie"), str)}


def kandidaten_controleren(gelezen, *, standaard_klantmanager=None, bewaren=True) -> Controle:
    opzoeker = Opzoeker()
    bestaand = _bestaande(Kandidaat.objects.only("pk", "externe_referentie", "klantmanager_id", "beschikbaar_per"),
                          _referenties(gelezen))

    opzoeker.vooraf(gelezen.rijen, beroepen=("gewenste_beroepen",))
    volgorde, meldingen = datumvolgorde(gelezen.rijen, ("beschikbaar_per",))
    form = KandidaatImportForm(None, opzoeker=opzoeker, bestaand=bestaand, aanwezig=set(),
                               standaard_klantmanager=standaard_klantmanager, datumvolgorde=volgorde)
    return _controleer(gelezen, form, lambda rij, cleaned: _modelvelden(rij, cleaned, lijsten=KANDIDATEN.lijsten),
                       bestaand=bestaand, bewaren=bewaren, meldingen=meldingen)


def vacatures_controleren(gelezen, *, bewaren=True) -> Controle:
    opzoeker = Opzoeker()
    bestaand = _bestaande(Vacature.objects.select_related("werkgever").only(
        "pk", "externe_referentie", "status", "beroep_id", "startdatum", "werkgever__kvk_nummer"),
        _referenties(gelezen))

    opzoeker.vooraf(gelezen.rijen, beroepen=("beroep",), werkgevers=True)
    volgorde, meldingen = datumvolgorde(gelezen.rijen, ("startdatum",))
    form = VacatureImportForm(None, opzoeker=opzoeker, bestaand=bestaand, aanwezig=set(), datumvolgorde=volgorde)
    return _controleer(gelezen, form, lambda rij, cleaned: _modelvelden(
        rij, cleaned, lijsten=VACATURES.lijsten, hernoem={"werkgever_kvk": "werkgever"}),
        bestaand=bestaand, bewaren=bewaren, meldingen=meldingen)
