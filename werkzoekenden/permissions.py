"""The only doors to a dossier. The werkzoekende sees their own; the vaste klantmanager (or a colleague
with a per-object grant while covering, django-guardian) sees and edits it. Anyone else: 404."""

import functools

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Rol
from accounts.permissions import heeft_objectrecht, objecten_met_recht
from accounts.selectors import ik_en_wie_ik_waarneem
from klantreis.lib import vaste_vorm
from werkzoekenden.models import Actie, Document, DossierToegang, Kandidaat
from werkzoekenden.selectors import met_koppelingen as met_koppelingen_annotatie

WAARNEMEN = "werkzoekenden.waarnemen_kandidaat"


def _opent(user, kandidaat, *, gedekt, toegekend):
    """The one rule of who opens a dossier, for ``mag_dossier`` (one kandidaat, its relations at hand) and
    ``dossiers_te_openen`` (many, from two sets): the werkzoekende her own; a klantmanager those of a caseload she
    holds or covers (``gedekt``: her own, or a colleague's of her organisation she stands in for) and each one granted
    to her alone (``toegekend``, django-guardian); nobody else. The two questions are asked of an active klantmanager
    only, ``toegekend`` only when ``gedekt`` says no."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.rol == Rol.WERKZOEKENDE:
        return kandidaat.account_id == user.pk
    return user.rol == Rol.KLANTMANAGER and (gedekt(kandidaat) or toegekend(kandidaat))


def _gedekt(user, kandidaat):
    if kandidaat.klantmanager_id == user.pk:
        return True  # asked first: her own caseload needs no read of the klantmanager
    km = kandidaat.klantmanager
    return km is not None and km.waarnemer_id == user.pk and km.organisatie_id == user.organisatie_id


def mag_dossier(user, kandidaat):
    """Whether ``user`` opens this dossier: no query for the werkzoekende, the own klantmanager or the one covering
    (with the kandidaat's klantmanager at hand); one for a grant."""
    return _opent(user, kandidaat, gedekt=lambda k: _gedekt(user, k),
                  toegekend=lambda k: heeft_objectrecht(user, WAARNEMEN, k))


def dossiers_te_openen(user, kandidaten):
    """The ids of those of ``kandidaten`` whose dossier ``user`` may open: ``mag_dossier`` for a list (the names on
    an agenda, each linked when the dossier opens for this person). For a klantmanager two queries whatever their
    number (the klantmanagers whose caseload she holds or covers, the dossiers granted to her), for anyone else none.
    Needs only the kandidaten's ``klantmanager_id`` and ``account_id``."""

    @functools.cache
    def sets():  # read together at the first question: the same two queries for every list
        return set(ik_en_wie_ik_waarneem(user)), set(objecten_met_recht(user, WAARNEMEN, Kandidaat))

    return {k.pk for k in kandidaten if _opent(user, k, gedekt=lambda k: k.klantmanager_id in sets()[0],
                                               toegekend=lambda k: k.pk in sets()[1])}


def _kandidaat(pk):
    # The klantmanager's organisation comes along: the dossier shows it beside the uitkering.
    return Kandidaat.objects.select_related("klantmanager__organisatie", "gemeente", "account").filter(
        pk=pk).order_by()


def get_kandidaat_for_user(user, pk, *, met_koppelingen=False):
    """The kandidaat ``pk`` if ``user`` may open the dossier, else Http404. Every dossier page opens with this read:
    its SQL is compiled once per process. ``met_koppelingen``: on PostgreSQL the ids of the kandidaat's skills and
    wished beroepen come along in the same row (``selectors.met_koppelingen``), for a page that needs the
    kandidaat's matching profile too (the dossier)."""
    if met_koppelingen:
        kandidaat = vaste_vorm.object_of_404("werkzoekenden.kandidaat_met_koppelingen",
                                             lambda pk: met_koppelingen_annotatie(_kandidaat(pk)), pk)
    else:
        kandidaat = vaste_vorm.object_of_404("werkzoekenden.kandidaat", _kandidaat, pk)
    if not mag_dossier(user, kandidaat):
        raise Http404
    return kandidaat


def get_eigen_kandidaat_for_user(user, pk):
    """The kandidaat ``pk`` if ``user`` is its own klantmanager, else Http404. What changes who holds the dossier
    or whether it is open at all (warme overdracht, afsluiten, heropenen) is not part of covering a colleague: a
    waarnemer reads and edits the dossier, but gets 404 here."""
    kandidaat = get_kandidaat_for_user(user, pk)
    if user.rol != Rol.KLANTMANAGER or kandidaat.klantmanager_id != user.pk:
        raise Http404
    return kandidaat


def get_actie_for_user(user, pk):
    actie = get_object_or_404(Actie.objects.select_related("plan__kandidaat"), pk=pk)
    if not mag_dossier(user, actie.plan.kandidaat):
        raise Http404
    return actie


def get_document_for_user(user, pk):
    """A document of a dossier: for the werkzoekende and whoever may open the dossier. Werkgevers reach a
    document only through a voordracht (``bemiddeling.permissions``)."""
    document = get_object_or_404(Document.objects.select_related("kandidaat__klantmanager"), pk=pk)
    if not mag_dossier(user, document.kandidaat):
        raise Http404
    return document


def get_dossiertoegang_for_user(user, pk):
    """A running access to a dossier, for the dossier's own klantmanager (who ends it), else Http404. An access
    that already ended is 404 too: there is nothing left to end."""
    toegang = get_object_or_404(DossierToegang.objects.select_related("kandidaat", "klantmanager"), pk=pk,
                                beeindigd_op__isnull=True)
    if not (user.is_authenticated and user.is_active and user.rol == Rol.KLANTMANAGER
            and toegang.kandidaat.klantmanager_id == user.pk):
        raise Http404
    return toegang
