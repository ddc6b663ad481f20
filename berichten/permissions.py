"""The only doors to a berichtenwisseling. Who takes part follows from the relation it belongs to:

* werkzoekende: the werkzoekende of the Kandidaat, and whoever may open the dossier as klantmanager (the vaste
  klantmanager, the colleague covering them, a colleague with a grant for this dossier: ``mag_dossier``);
* werkgever: the people of the Werkgever, its vaste accountmanager and the colleague covering them;
* overleg: the klantmanager side of the Kandidaat (as above) and the accountmanager of the thread.

A warme overdracht or a new accountmanager changes who that is, at once. Anyone else gets 404, with one exception:
someone who took part (or could start one) when her page was made and no longer does (``toegang_verloren``,
``start_verloren``)."""

from django.core import signing
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from accounts.permissions import objecten_met_recht
from accounts.selectors import ik_en_wie_ik_waarneem
from berichten.models import Berichtenwisseling, Bijlage
from klantreis.lib import vaste_vorm
from werkgevers.models import Werkgever
from werkzoekenden.models import Kandidaat, Toestemming
from werkzoekenden.permissions import mag_dossier
from werkzoekenden.selectors import klantmanagers_van_caseload

Soort = Berichtenwisseling.Soort


def _actief(user):
    return bool(user.is_authenticated and user.is_active)


def _is_of_neemt_waar(user, collega):
    """``user`` is ``collega``, or covers for them (same organisation)."""
    if collega is None:
        return False
    return collega.pk == user.pk or (collega.waarnemer_id == user.pk and collega.organisatie_id == user.organisatie_id)


def mag_wisseling(user, wisseling):
    if not _actief(user):
        return False
    if user.rol == Rol.WERKZOEKENDE:
        return wisseling.soort == Soort.WERKZOEKENDE and wisseling.kandidaat.account_id == user.pk
    if user.rol == Rol.KLANTMANAGER:
        return wisseling.soort in (Soort.WERKZOEKENDE, Soort.OVERLEG) and mag_dossier(user, wisseling.kandidaat)
    if user.rol == Rol.WERKGEVER:
        return wisseling.soort == Soort.WERKGEVER and wisseling.werkgever.organisatie_id == user.organisatie_id
    if user.rol == Rol.ACCOUNTMANAGER:
        if wisseling.soort == Soort.WERKGEVER:
            return _is_of_neemt_waar(user, wisseling.werkgever.accountmanager)
        if wisseling.soort == Soort.OVERLEG:
            return _is_of_neemt_waar(user, wisseling.accountmanager)
    return False


def zichtbaar(user):
    """``mag_wisseling`` as one condition for the list of threads (one query, however many there are), in two parts:
    the values here, (the role, {name: value}), and the condition they go into (``zichtbaar_q``), so that the inbox is
    compiled once per process (``blader_vast``). None for someone who sees no thread. A list that would be empty (no
    dossier granted, no werkgever) is left out, and so is its part of the condition: that is the SQL the ORM sent for
    an empty list, and a shape of its own.

    For staff it starts from their relations, each found by an index: the kandidaten of their caseload (their own,
    those of the colleagues of their organisation they cover for, the dossiers granted to them), the werkgevers of the
    accountmanagers and their overleg threads. "The kandidaat's klantmanager is me, or I cover for them" as one
    condition across joins made PostgreSQL read every thread in the country for the page and again for its count."""
    if not _actief(user):
        return None
    if user.rol == Rol.WERKZOEKENDE:
        return user.rol, {"account_id": user.pk}
    if user.rol == Rol.WERKGEVER:
        # Every werkgever has an organisatie: a werkgever's person without one sees no thread (as ``mag_wisseling``).
        return None if user.organisatie_id is None else (user.rol, {"organisatie_id": user.organisatie_id})
    if user.rol == Rol.KLANTMANAGER:
        toegekend = objecten_met_recht(user, "werkzoekenden.waarnemen_kandidaat", Kandidaat)
        waarden = {"klantmanagers": klantmanagers_van_caseload(user)}
        return user.rol, {**waarden, "toegekend": toegekend} if toegekend else waarden
    if user.rol == Rol.ACCOUNTMANAGER:
        # Me and the colleagues of my organisation I cover for, then their werkgevers: two short lists, as values.
        # Before, the ids of every thread were fetched and sent back as a list: 6,250 overleg threads of one
        # accountmanager cost 12 of the page's 61 ms before the page's own query.
        accountmanagers = ik_en_wie_ik_waarneem(user)
        werkgevers = [pk for (pk,) in vaste_vorm.rijen("berichten.werkgevers_van", _werkgevers_van,
                                                       accountmanagers=accountmanagers)]
        return user.rol, {"accountmanagers": accountmanagers, **({"werkgevers": werkgevers} if werkgevers else {})}
    return None


def _werkgevers_van(accountmanagers):
    return Werkgever.objects.filter(accountmanager_id__in=accountmanagers).values_list("pk")


def zichtbaar_q(rol, **waarden):
    """The condition of ``zichtbaar`` on the threads' own indexed columns, so PostgreSQL estimates from their
    statistics."""
    if rol == Rol.WERKZOEKENDE:
        return Q(soort=Soort.WERKZOEKENDE, kandidaat__account_id=waarden["account_id"])
    if rol == Rol.WERKGEVER:
        return Q(soort=Soort.WERKGEVER, werkgever__organisatie_id=waarden["organisatie_id"])
    if rol == Rol.KLANTMANAGER:
        # One scan of the kandidaten, on their klantmanager (me and whom I cover, as values) or their id (the few
        # dossiers granted to me): PostgreSQL estimates its size from the column's statistics. For a caseload of 200
        # it then looks up their threads and sorts them; for a team of 60,000 among a million it walks the threads
        # newest first (index ``wisseling_nieuwste``) until a page is full. A union of three lists it guessed at 200
        # rows, and joined the team's 60,000 to every thread of the country for each page.
        van_hen = Q(klantmanager_id__in=waarden["klantmanagers"])
        if "toegekend" in waarden:
            van_hen |= Q(pk__in=waarden["toegekend"])
        kandidaten = Kandidaat.objects.filter(van_hen).values("pk").order_by()
        return Q(soort__in=[Soort.WERKZOEKENDE, Soort.OVERLEG], kandidaat_id__in=kandidaten)
    # The accountmanager: the threads newest first (``wisseling_nieuwste``) until a page is full.
    overleg = Q(soort=Soort.OVERLEG, accountmanager_id__in=waarden["accountmanagers"])
    if "werkgevers" in waarden:
        return Q(soort=Soort.WERKGEVER, werkgever_id__in=waarden["werkgevers"]) | overleg
    return overleg


def get_wisseling_for_user(user, pk):
    wisseling = get_object_or_404(
        Berichtenwisseling.objects.select_related("kandidaat__klantmanager", "kandidaat__account",
                                                  "werkgever__accountmanager", "accountmanager"), pk=pk)
    if not mag_wisseling(user, wisseling):
        raise Http404
    return wisseling


ANTWOORDBEWIJS_ZOUT = "berichten.antwoordbewijs"


def toegang_via(user, wisseling):
    """How ``user`` (who takes part: ``mag_wisseling``) takes part: "waarneming" when only as a colleague covering
    (for the contactpersoon of the thread, or with a grant for this dossier), else "zelf"."""
    if user.rol == Rol.KLANTMANAGER:
        return "zelf" if wisseling.kandidaat.klantmanager_id == user.pk else "waarneming"
    if user.rol == Rol.ACCOUNTMANAGER:
        eigen = wisseling.werkgever.accountmanager_id if wisseling.soort == Soort.WERKGEVER else \
            wisseling.accountmanager_id
        return "zelf" if eigen == user.pk else "waarneming"
    return "zelf"


def antwoordbewijs(user, wisseling):
    """A signed token the thread's answer form carries: this person took part in this thread when the page was
    made, and how (``toegang_via``). See ``toegang_verloren``."""
    return signing.dumps({"g": user.pk, "w": wisseling.pk, "via": toegang_via(user, wisseling)},
                         salt=ANTWOORDBEWIJS_ZOUT)


def toegang_verloren(user, pk, bewijs):
    """For an answer to thread ``pk`` that ``user`` no longer takes part in (her waarneming ended in the meantime,
    or the thread has another contactpersoon now): how she took part ("waarneming" or "zelf") when ``bewijs`` is the
    token her own form for this thread carried (``antwoordbewijs``); else None, and the caller answers 404 as to a
    stranger. The token is given to her alone and names this thread, so it tells nobody else that the thread exists;
    it does not expire, as she knew the thread from the page she had open, however long ago."""
    try:
        gegevens = signing.loads(bewijs or "", salt=ANTWOORDBEWIJS_ZOUT)
    except signing.BadSignature:
        return None
    if not isinstance(gegevens, dict) or gegevens.get("g") != user.pk or gegevens.get("w") != pk:
        return None
    return "waarneming" if gegevens.get("via") == "waarneming" else "zelf"


STARTBEWIJS_ZOUT = "berichten.startbewijs"  # its own salt: a token of one form is never read as the other's


def start_via(user, *, kandidaat=None, werkgever=None):
    """How ``user`` (who may start a thread with or about them: ``mag_starten_*``) may: "waarneming" when only as a
    colleague covering (for the kandidaat's klantmanager or the werkgever's accountmanager, or with a grant for this
    dossier), else "zelf" (the werkzoekende, the werkgever, the vaste contactpersoon; an accountmanager asking about a
    kandidaat who shared the cv with her werkgever)."""
    if user.rol == Rol.KLANTMANAGER and kandidaat is not None:
        return "zelf" if kandidaat.klantmanager_id == user.pk else "waarneming"
    if user.rol == Rol.ACCOUNTMANAGER and werkgever is not None:
        return "zelf" if werkgever.accountmanager_id == user.pk else "waarneming"
    return "zelf"


def startbewijs(user, soort, pk, *, via):
    """A signed token the new-message form carries: this person could start a thread of ``soort`` with or about
    kandidaat or werkgever ``pk`` when the page was made, and how (``start_via``). See ``start_verloren``."""
    return signing.dumps({"g": user.pk, "s": soort, "o": pk, "via": via}, salt=STARTBEWIJS_ZOUT)


def start_verloren(user, soort, pk, bewijs):
    """``toegang_verloren`` for the new-message page: for a message to start a thread of ``soort`` with or about
    ``pk`` that ``user`` may no longer start (her waarneming ended, the dossier or werkgever went to a colleague),
    how she could ("waarneming" or "zelf") when ``bewijs`` is the token her own form for this soort and this
    kandidaat or werkgever carried (``startbewijs``); else None, and the caller answers 404 as to a stranger."""
    try:
        gegevens = signing.loads(bewijs or "", salt=STARTBEWIJS_ZOUT)
    except signing.BadSignature:
        return None
    if not isinstance(gegevens, dict) or gegevens.get("g") != user.pk or gegevens.get("s") != soort or \
            gegevens.get("o") != pk:
        return None
    return "waarneming" if gegevens.get("via") == "waarneming" else "zelf"


def get_bijlage_for_user(user, pk):
    bijlage = get_object_or_404(Bijlage.objects.select_related("bericht__wisseling"), pk=pk)
    get_wisseling_for_user(user, bijlage.bericht.wisseling_id)
    return bijlage


# --- who may start a thread ---------------------------------------------------------------------


def mag_starten_werkzoekende(user, kandidaat):
    """The werkzoekende with their klantmanager, or the klantmanager side with a werkzoekende who has an account."""
    if kandidaat.klantmanager_id is None or kandidaat.account_id is None:
        return False
    if user.rol == Rol.WERKZOEKENDE:
        return kandidaat.account_id == user.pk
    return user.rol == Rol.KLANTMANAGER and mag_dossier(user, kandidaat)


def mag_starten_werkgever(user, werkgever):
    if werkgever.accountmanager_id is None or not _actief(user):
        return False
    if user.rol == Rol.WERKGEVER:
        return werkgever.organisatie_id == user.organisatie_id
    return user.rol == Rol.ACCOUNTMANAGER and _is_of_neemt_waar(user, werkgever.accountmanager)


def mag_starten_overleg(user, kandidaat):
    """The klantmanager side of the kandidaat; or an accountmanager of a werkgever the kandidaat consented to
    share the cv with (the accountmanager works with that kandidaat, so may ask the klantmanager about them)."""
    if kandidaat.klantmanager_id is None or not _actief(user):
        return False
    if user.rol == Rol.KLANTMANAGER:
        return mag_dossier(user, kandidaat)
    if user.rol == Rol.ACCOUNTMANAGER:
        return Toestemming.objects.filter(
            kandidaat=kandidaat, doel=Toestemming.Doel.DELEN_MET_WERKGEVER, ingetrokken_op__isnull=True,
            werkgever__accountmanager=user).exists()
    return False


def get_kandidaat_voor_bericht(user, pk, *, soort):
    kandidaat = get_object_or_404(Kandidaat.objects.select_related("klantmanager", "account"), pk=pk)
    mag = mag_starten_overleg if soort == Soort.OVERLEG else mag_starten_werkzoekende
    if not mag(user, kandidaat):
        raise Http404
    return kandidaat
