"""Step 3: write the valid rows in one transaction, updating by ``externe_referentie``."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Verwerking
from accounts.services import verwerkingen_registreer
from outbox.services import gebeurtenis_vastleggen
from werkgevers.models import Tijdlijnregel, Vacature
from werkzoekenden.models import (
    Contactvoorkeur,
    Kandidaat,
    KlantmanagerToewijzing,
    PlanVanAanpak,
    Toestemming,
    kandidaten_toevoegen,
)
from werkzoekenden.services import UITKERING_GEWIJZIGD

from .controle import _bestaande, _per_keer


@dataclass
class Uitkomst:
    nieuw: list = field(default_factory=list)  # pks
    bijgewerkt: list = field(default_factory=list)
    ongewijzigd: int = 0
    meldingen: list = field(default_factory=list)


def _verschil(obj, velden):
    """The fields whose value differs from what ``obj`` has (foreign keys compared by pk)."""
    gewijzigd = []
    for veld, waarde in velden.items():
        huidig = getattr(obj, veld + "_id") if veld in ("gemeente", "regio", "klantmanager", "werkgever", "beroep") \
            else getattr(obj, veld)
        nieuw = waarde.pk if hasattr(waarde, "pk") else waarde
        if huidig != nieuw:
            gewijzigd.append(veld)
    return gewijzigd


def _gekoppeld(model, veld, objecten):
    """{pk: set of linked pks} of the list ``veld`` of these rows, read from the link table. A prefetch made a
    queryset per row and a model instance per link: re-importing 70,000 unchanged kandidaten peaked at 891 MB."""
    m2m = model._meta.get_field(veld)
    through = m2m.remote_field.through
    van, naar = m2m.m2m_field_name() + "_id", m2m.m2m_reverse_field_name() + "_id"
    gekoppeld = defaultdict(set)
    for deel in _per_keer(o.pk for o in objecten):
        for pk, gekoppelde_pk in through.objects.filter(**{van + "__in": deel}).values_list(van, naar):
            gekoppeld[pk].add(gekoppelde_pk)
    return gekoppeld


def _koppelingen_aanmaken(model, koppelingen):
    """Link new rows to their lists with one bulk INSERT per list instead of a ``.set()`` per row (that
    was three quarters of a 10,000-row import). New rows have no links to replace, and the m2m_changed
    receivers (matching.signals) only move ``gewijzigd_op``, which ``_aanraken`` does after the commit."""
    for veld, paren in koppelingen.items():
        m2m = model._meta.get_field(veld)
        through = m2m.remote_field.through
        van, naar = m2m.m2m_field_name() + "_id", m2m.m2m_reverse_field_name() + "_id"
        through.objects.bulk_create([through(**{van: obj.pk, naar: pk}) for obj, pk in paren])


def _aanraken(model, ids):
    """Move ``gewijzigd_op`` to now, after the import transaction committed.

    A long import transaction stamps its rows with a time from before its commit, and the per-process
    matching index catches up by that column (looking back a fixed window): without this a kandidaat
    committed late could stay invisible to a process that already looked past that time.
    """
    nu = timezone.now()
    for deel in _per_keer(ids):
        model.objects.filter(pk__in=deel).update(gewijzigd_op=nu)


def kandidaten_importeren(*, rijen, door=None) -> Uitkomst:
    """Write checked rows (``kandidaten_controleren(...).geldig``) in one transaction.

    An existing kandidaat with the same externe_referentie is updated: only the columns in the file, and a
    list column replaces the whole list. A new kandidaat gets a plan van aanpak and the klantmanager as
    vaste klantmanager (with history, as ``dossier_aanmaken`` does). ``vindbaar=ja`` records the consent
    unless it is active already or the kandidaat withdrew it; ``vindbaar=nee`` never withdraws it (only the
    kandidaat or their klantmanager does that, in the portal). The verwerkingenlog names every kandidaat
    created (one line per block of ``PER_BLOK``) or changed; unchanged rows write nothing.

    An empty telefoon cell never erases a number the kandidaat has (the source system not knowing it is not the
    werkzoekende giving it up, and she may be reached by app or phone on it): the report says it was kept. A new
    kandidaat without a number is reached by mail, not by the model's default bellen.
    """
    uitkomst = Uitkomst()
    with transaction.atomic():
        _elke_keer_plannen()
        for begin in range(0, len(rijen), PER_BLOK):
            _blok_importeren(rijen[begin:begin + PER_BLOK], door, uitkomst)
    _aanraken(Kandidaat, uitkomst.nieuw + uitkomst.bijgewerkt)
    return uitkomst


# Rows are written this many at a time, inside the import's one transaction: the kandidaten of a block (read with a
# lock, or new), their links, plans and consents are let go after it. All at once, a first import of 70,000 held
# them and some 300,000 rows around them until the end (608 MB at its peak), a re-import every existing kandidaat.
PER_BLOK = 5000


def _elke_keer_plannen():
    """Until the import's transaction ends, PostgreSQL plans every statement for its values (also one the connection
    prepared: klantreis.lib.postgresql). A prepared lookup gets a generic plan after five runs, made when the table
    was as small as before the import; the blocks of new kandidaten then grow it in this transaction, and the lookup
    of the next block's referenties scanned them all: 1-2 s a lookup at 60,000 new, a first import of 70,000 took
    273 s instead of 110."""
    verbinding = transaction.get_connection()
    if verbinding.vendor == "postgresql":
        with verbinding.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")


def _blok_importeren(rijen, door, uitkomst):
    """One block of ``kandidaten_importeren``: adds the pks it created and changed to ``uitkomst``."""
    toewijzingen, toestemmingen, gewijzigd, nieuw = [], [], [], []
    bestaand = _bestaande(Kandidaat.objects.select_for_update(), [r.referentie for r in rijen])
    gekoppeld = {v: _gekoppeld(Kandidaat, v, bestaand.values()) for v in ("vaardigheden", "gewenste_beroepen")}
    vindbaar = {}  # kandidaat pk -> True (active) / False (withdrawn, none active)
    for deel in _per_keer(k.pk for k in bestaand.values()):
        gegeven = Toestemming.objects.filter(kandidaat_id__in=deel, doel=Toestemming.Doel.VINDBAAR)
        for kandidaat_id, ingetrokken in gegeven.values_list("kandidaat_id", "ingetrokken_op"):
            vindbaar[kandidaat_id] = vindbaar.get(kandidaat_id, False) or ingetrokken is None
    for rij in rijen:
        kandidaat = bestaand.get(rij.referentie)
        if kandidaat is None:
            nieuw.append(rij)
            continue
        velden = _verschil(kandidaat, rij.velden)
        # An empty cell is the source not knowing, not the werkzoekende giving up how she is reached.
        if "telefoon" in velden and not rij.velden["telefoon"]:
            velden.remove("telefoon")
            uitkomst.meldingen.append(_("%(plaats)s: telefoon is leeg; het telefoonnummer van %(k)s blijft "
                                        "staan.") % {"plaats": rij.plaats, "k": kandidaat})
        if "email" in velden and not rij.velden["email"]:
            velden.remove("email")
            uitkomst.meldingen.append(_("%(plaats)s: e-mail is leeg; het e-mailadres van %(k)s blijft "
                                        "staan.") % {"plaats": rij.plaats, "k": kandidaat})
        if "klantmanager" in velden:
            KlantmanagerToewijzing.objects.filter(kandidaat=kandidaat, tot__isnull=True).update(
                tot=timezone.now())
            toewijzingen.append(KlantmanagerToewijzing(
                kandidaat=kandidaat, klantmanager=rij.velden["klantmanager"], door=door,
                organisatie_id=rij.velden["klantmanager"].organisatie_id,
                overdrachtsnotitie=_("Vaste klantmanager gewijzigd door een import.")))
        oude_uitkering = kandidaat.uitkering
        for veld in velden:
            setattr(kandidaat, veld, rij.velden[veld])
        if velden:
            kandidaat.save()
        if kandidaat.uitkering != oude_uitkering:  # what hangs on it follows, as when the klantmanager changes it
            gebeurtenis_vastleggen(UITKERING_GEWIJZIGD, door=door, kandidaat_id=kandidaat.pk,
                                   uitkering_van=oude_uitkering, uitkering_naar=kandidaat.uitkering)
        lijsten = [v for v, ids in rij.lijsten.items() if set(ids) != gekoppeld[v][kandidaat.pk]]
        for veld in lijsten:
            getattr(kandidaat, veld).set(rij.lijsten[veld])
        veranderd = bool(velden or lijsten)
        if rij.vindbaar is True and kandidaat.pk not in vindbaar:
            toestemmingen.append(Toestemming(kandidaat=kandidaat, doel=Toestemming.Doel.VINDBAAR,
                                             verleend_door=None))
            vindbaar[kandidaat.pk] = True
            veranderd = True
        elif rij.vindbaar is True and vindbaar[kandidaat.pk] is False:
            uitkomst.meldingen.append(_("%(plaats)s: vindbaar=ja, maar %(k)s heeft die toestemming ingetrokken; "
                                        "de import zet haar niet terug.") % {"plaats": rij.plaats, "k": kandidaat})
        elif rij.vindbaar is False and vindbaar.get(kandidaat.pk):
            uitkomst.meldingen.append(_("%(plaats)s: vindbaar=nee, maar %(k)s gaf toestemming om vindbaar te zijn; "
                                        "intrekken doet de kandidaat of de klantmanager in het portaal.")
                                      % {"plaats": rij.plaats, "k": kandidaat})
        if veranderd:
            gewijzigd.append(kandidaat)
        else:
            uitkomst.ongewijzigd += 1
    nieuw = _nieuwe_kandidaten(nieuw, door, uitkomst, toewijzingen, toestemmingen)
    KlantmanagerToewijzing.objects.bulk_create(toewijzingen)
    toestemmingen = Toestemming.objects.bulk_create(toestemmingen)
    verwerkingen_registreer(gebruiker=door, actie=Verwerking.Actie.AANMAKEN, objecten=nieuw,
                            doel=gettext_noop("import"))
    verwerkingen_registreer(gebruiker=door, actie=Verwerking.Actie.WIJZIGEN, objecten=gewijzigd,
                            doel=gettext_noop("import"))
    verwerkingen_registreer(gebruiker=door, actie=Verwerking.Actie.AANMAKEN, objecten=toestemmingen,
                            doel=gettext_noop("import: toestemming vindbaar"))
    uitkomst.nieuw.extend(k.pk for k in nieuw)
    uitkomst.bijgewerkt.extend(k.pk for k in gewijzigd)


def _nieuwe_kandidaten(rijen, door, uitkomst, toewijzingen, toestemmingen):
    """Write these rows as new kandidaten, each with its plan van aanpak and lists; their vaste klantmanager (with
    history, as ``dossier_aanmaken`` does) and, for ``vindbaar=ja``, the consent are added to ``toewijzingen`` and
    ``toestemmingen`` for the caller to write. Returns the kandidaten."""
    nieuw, koppelingen = [], defaultdict(list)
    for rij in rijen:
        # Written together below (kandidaten_toevoegen); what refers to it takes its pk then.
        kandidaat = Kandidaat(externe_referentie=rij.referentie, **rij.velden)
        if not kandidaat.telefoon:
            kandidaat.contactvoorkeur = Contactvoorkeur.MAIL
        if not kandidaat.telefoon and not kandidaat.email and {"telefoon", "email"} & rij.velden.keys():
            # The portal refuses such a dossier ("Nieuw dossier"); the source's may have none: the
            # klantmanager reads that she has to ask how this werkzoekende is reached.
            uitkomst.meldingen.append(_("%(plaats)s: geen telefoonnummer en geen e-mailadres; vraag %(k)s hoe "
                                        "die bereikt wil worden.") % {"plaats": rij.plaats, "k": kandidaat})
        for veld, ids in rij.lijsten.items():
            koppelingen[veld].extend((kandidaat, pk) for pk in ids)
        toewijzingen.append(KlantmanagerToewijzing(kandidaat=kandidaat, klantmanager=kandidaat.klantmanager,
                                                   organisatie_id=kandidaat.klantmanager.organisatie_id, door=door))
        if rij.vindbaar is True:
            toestemmingen.append(Toestemming(kandidaat=kandidaat, doel=Toestemming.Doel.VINDBAAR, verleend_door=None))
        nieuw.append(kandidaat)
    kandidaten_toevoegen(nieuw)
    _koppelingen_aanmaken(Kandidaat, koppelingen)
    PlanVanAanpak.objects.bulk_create([PlanVanAanpak(kandidaat=k) for k in nieuw])
    return nieuw


def vacatures_importeren(*, rijen, door=None) -> Uitkomst:
    """Write checked rows (``vacatures_controleren(...).geldig``) in one transaction.

    Updates by externe_referentie like ``kandidaten_importeren``. A new vacature is open unless the file
    says otherwise; a vacature created or changed counts as confirmed (as in ``vacature_opslaan``) and gets
    a line on its werkgever's tijdlijn. A vaardigheid that is both required and wished stays required.
    """
    uitkomst = Uitkomst()
    nu = timezone.now()
    with transaction.atomic():
        bestaand = _bestaande(Vacature.objects.select_for_update(), [r.referentie for r in rijen])
        gekoppeld = {v: _gekoppeld(Vacature, v, bestaand.values())
                     for v in ("vereiste_vaardigheden", "gewenste_vaardigheden")}
        nieuw, gewijzigd, tijdlijn, koppelingen = [], [], [], defaultdict(list)
        for rij in rijen:
            vacature = bestaand.get(rij.referentie)
            lijsten = dict(rij.lijsten)
            if "gewenste_vaardigheden" in lijsten:
                vereist = lijsten.get("vereiste_vaardigheden")
                if vereist is None:
                    vereist = gekoppeld["vereiste_vaardigheden"][vacature.pk] if vacature else set()
                lijsten["gewenste_vaardigheden"] = [pk for pk in lijsten["gewenste_vaardigheden"] if pk not in vereist]
            is_nieuw = vacature is None
            if is_nieuw:
                vacature = Vacature(externe_referentie=rij.referentie, aangemaakt_door=door,
                                    **{"status": Vacature.Status.OPEN, **rij.velden})
                nieuw.append(vacature)
                tekst = _("Vacature aangemaakt: %(titel)s")
            else:
                velden = _verschil(vacature, rij.velden)
                for veld in velden:
                    setattr(vacature, veld, rij.velden[veld])
                lijsten = {v: ids for v, ids in lijsten.items() if set(ids) != gekoppeld[v][vacature.pk]}
                if not (velden or lijsten):
                    uitkomst.ongewijzigd += 1
                    continue
                gewijzigd.append(vacature)
                tekst = _("Vacature gewijzigd: %(titel)s")
            vacature.laatst_bevestigd_op, vacature.bevestiging_gevraagd_op = nu, None
            vacature.save()
            for veld, ids in lijsten.items():
                if is_nieuw:
                    koppelingen[veld].extend((vacature, pk) for pk in ids)
                else:
                    getattr(vacature, veld).set(ids)
            tijdlijn.append(Tijdlijnregel(werkgever_id=vacature.werkgever_id, soort=Tijdlijnregel.Soort.VACATURE,
                                          tekst=(tekst % {"titel": vacature.titel})[:500], door=door))
        _koppelingen_aanmaken(Vacature, koppelingen)
        Tijdlijnregel.objects.bulk_create(tijdlijn)
    uitkomst.nieuw, uitkomst.bijgewerkt = [v.pk for v in nieuw], [v.pk for v in gewijzigd]
    _aanraken(Vacature, uitkomst.nieuw + uitkomst.bijgewerkt)
    return uitkomst
