from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import display_for_value
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import F, Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy, smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.emails import tweede_stap_verwijderd_email
from accounts.models import (
    TOEGESTANE_ORGANISATIES,
    ZOEKTEKST_SCHEIDING,
    ZOEKVELDEN_VERWERKING,
    Arbeidsmarktregio,
    Gemeente,
    Organisatie,
    Rol,
    User,
    Verwerking,
    VerwerkingBetrokkene,
    Zoektekst,
)
from accounts.selectors import WAARNEMENDE_ROLLEN, coordinatortaken, opvolgers_van_coordinatortaken
from accounts.services import (
    gebruiker_opslaan,
    gebruiker_regio_controleren,
    inzage_vastleggen,
    organisatie_opslaan,
    organisatie_regio_controleren,
    uitnodiging_opnieuw_versturen,
    verwerking_vastleggen,
    waarnemer_instellen,
    waarneming_vergrendelen,
    wachtwoord_herstel_versturen,
)
from klantreis.lib.beheerlijst import AlleenInzien, GroteLijstAdmin, ZoekenSleutelsEerst, geschat_aantal
from klantreis.lib.spreadsheet import csv_response
from klantreis.lib.zoeken import (
    BevatInHoofdletters,
    HeeftTweetal,
    InArray,
    buiten_de_index,
    met_trigrammen,
    met_tweetal,
)
from outbox.admin import MailAdmin
from outbox.models import Mail


class VerwerkingLoggenMixin:
    """Admin pages about people write to the verwerkingenlog: the list (one line naming the people on the
    page), an object's change, history and delete pages (one line each), and every change or deletion."""

    verwerking_doel = _("beheer")

    def verwerking_betrokkenen(self, obj):
        """Whose personal data an object shows; by default the object itself (a person or their record)."""
        return [obj]

    def _inzage(self, request, response, wat, objecten):
        if request.method == "GET" and response.status_code == 200:
            betrokkenen = [b for obj in objecten if obj is not None for b in self.verwerking_betrokkenen(obj)]
            inzage_vastleggen(gebruiker=request.user,
                              wat=format_lazy("{}: {}", wat, self.model._meta.verbose_name_plural),
                              doel=self.verwerking_doel, betrokkenen=betrokkenen,
                              obj=objecten[0] if len(objecten) == 1 else None)
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", None) and response.context_data.get("cl")
        if changelist is not None:
            self._inzage(request, response, _("beheer, lijst"), list(changelist.result_list))
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._inzage(request, response, _("beheer, gegevens"), [self.get_object(request, object_id)])

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        return self._inzage(request, response, _("beheer, geschiedenis"), [self.get_object(request, object_id)])

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        return self._inzage(request, response, _("beheer, verwijderen"), [self.get_object(request, object_id)])

    def save_model(self, request, obj, form, change):
        self.opslaan(request, obj, form, change)
        verwerking_vastleggen(
            gebruiker=request.user,
            actie=Verwerking.Actie.WIJZIGEN if change else Verwerking.Actie.AANMAKEN,
            obj=obj,
            wat=self.verwerking_doel,
            doel=self.verwerking_doel,
            betrokkenen=self.verwerking_betrokkenen(obj),
            details=", ".join(form.changed_data)[:500],
        )

    def opslaan(self, request, obj, form, change):
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        # The list's action "Geselecteerde ... verwijderen": one line naming everyone whose row goes, as a list page.
        objecten = list(queryset)
        if objecten:
            verwerking_vastleggen(
                gebruiker=request.user, actie=Verwerking.Actie.VERWIJDEREN, wat=self.verwerking_doel,
                doel=self.verwerking_doel,
                betrokkenen=[b for obj in objecten for b in self.verwerking_betrokkenen(obj)],
                details=", ".join(str(obj) for obj in objecten)[:500])
        super().delete_queryset(request, queryset)

    def delete_model(self, request, obj):
        # Whose it was, named while it is still there: a removed second factor or e-mail address is the person's.
        verwerking_vastleggen(
            gebruiker=request.user, actie=Verwerking.Actie.VERWIJDEREN, obj=obj, wat=self.verwerking_doel,
            doel=self.verwerking_doel, betrokkenen=self.verwerking_betrokkenen(obj),
        )
        super().delete_model(request, obj)


class GemeenteInline(admin.TabularInline):
    model = Gemeente
    fields = ["code", "naam", "provincie"]
    extra = 0
    show_change_link = True
    can_delete = False  # a gemeente goes from its own page, and only when nothing refers to it


class ZonderVerwijderenNaastDeKeuze:
    """Without the red cross and the pencil beside a chosen region or gemeente: the cross opened the page to delete
    the region itself where a beheerder meant to clear the field, and for one in use answered "Geen
    toegang tot deze pagina ... Neem contact op met de beheerder" to the beheerder, in a pop-up. The small x in the
    field clears it; the region's own page is one click away in the menu."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        veld = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.is_relation and hasattr(getattr(veld, "widget", None), "can_delete_related"):
            veld.widget.can_delete_related = veld.widget.can_change_related = False
        return veld


class AlleenOngebruiktVerwijderen:
    """Delete only what nothing refers to: a region, gemeente or organisatie entered by mistake. One in use cannot
    go (its kandidaten, werkgevers and users hold on to it), and Django's page to confirm a deletion listed every row
    that holds on: for a region of a country 235 queries, 795 kB and 1.6 s, to end in "cannot be deleted". Now such a
    page offers no "Verwijderen", and its address answers 403; a few EXISTS on indexed columns decide."""

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or not self.in_gebruik(obj)

    def get_actions(self, request):
        # "Geselecteerde ... verwijderen" would confirm with the same list of every row that holds on.
        acties = super().get_actions(request)
        acties.pop("delete_selected", None)
        return acties

    @staticmethod
    def in_gebruik(obj):
        # include_hidden: also the foreign keys declared with related_name="+" (a plaatsing's or a vestiging's).
        for relatie in obj._meta.get_fields(include_hidden=True):
            if not (relatie.auto_created and not relatie.concrete and (relatie.one_to_many or relatie.one_to_one)):
                continue
            if relatie.related_model._base_manager.filter(**{relatie.field.name: obj.pk}).exists():
                return True
        return False


@admin.register(Arbeidsmarktregio)
class ArbeidsmarktregioAdmin(AlleenOngebruiktVerwijderen, admin.ModelAdmin):
    list_display = ["naam", "code", "aantal_gemeenten"]
    search_fields = ["naam", "code"]
    inlines = [GemeenteInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_gemeenten=Count("gemeenten"))

    @admin.display(description=_("gemeenten"), ordering="n_gemeenten")
    def aantal_gemeenten(self, obj):
        return obj.n_gemeenten


@admin.register(Gemeente)
class GemeenteAdmin(ZonderVerwijderenNaastDeKeuze, AlleenOngebruiktVerwijderen, admin.ModelAdmin):
    list_display = ["naam", "code", "provincie", "regio"]
    list_filter = ["regio", "provincie"]
    search_fields = ["naam", "code"]
    list_select_related = ["regio"]
    autocomplete_fields = ["regio"]


class OrganisatieForm(forms.ModelForm):
    def clean(self):
        """Another kind only when everyone who works there may work at that kind (``TOEGESTANE_ORGANISATIES``, as a
        user's own form checks): a gemeente made a werkgever kept its klantmanagers, working where none may. One
        query for the roles of its active accounts."""
        gegevens = super().clean()
        soort, organisatie = gegevens.get("soort"), self.instance
        if organisatie.pk is not None and gegevens.get("regio") is not None:
            # Another region only while no one and nothing holds it to this one (the service says what does).
            try:
                organisatie_regio_controleren(organisatie, gegevens["regio"])
            except ValidationError as fout:
                self.add_error(None, fout)
        if organisatie.pk is None or not soort or soort == organisatie.soort:
            return gegevens
        rollen = set(User.objects.filter(organisatie=organisatie, is_active=True).values_list("rol", flat=True)
                     .order_by().distinct())
        botsend = sorted(Rol(rol).label.lower() for rol in rollen if soort not in TOEGESTANE_ORGANISATIES[Rol(rol)])
        if botsend:
            adres = reverse("admin:accounts_user_changelist") + f"?organisatie__id__exact={organisatie.pk}"
            bericht = _("Bij %(organisatie)s werken nog mensen met de rol %(rollen)s, en die rol hoort niet bij een "
                        "organisatie van soort %(soort)s. Geef hen eerst een andere organisatie, of laat de soort "
                        "staan.") % {"organisatie": organisatie.naam, "rollen": ", ".join(botsend),
                                     "soort": Organisatie.Soort(soort).label.lower()}
            self.add_error("soort", format_html('{} <a href="{}">{}</a>', bericht, adres, _(
                "Mensen van %(organisatie)s") % {"organisatie": organisatie.naam}))
        return gegevens


@admin.register(Organisatie)
class OrganisatieAdmin(ZonderVerwijderenNaastDeKeuze, AlleenOngebruiktVerwijderen, admin.ModelAdmin):
    form = OrganisatieForm
    list_display = ["naam", "soort", "regio", "gemeente"]
    list_filter = ["soort", "regio"]
    search_fields = ["naam"]
    list_select_related = ["regio", "gemeente"]
    autocomplete_fields = ["regio", "gemeente"]

    def save_model(self, request, obj, form, change):
        # The form checked the region in this transaction (the admin's change page is one), under a lock.
        organisatie_opslaan(obj, door=request.user)


def _zoekwoorden(search_term):
    """The words of an admin search as Django splits them ("two words" in quotes is one)."""
    woorden = []
    for woord in smart_split(search_term or ""):
        if woord[:1] in ('"', "'") and woord[-1:] == woord[:1]:
            woord = unescape_string_literal(woord)
        if woord:
            woorden.append(woord)
    return woorden


def _in_de_zoektekst(woord):
    """``woord`` in the e-mail address, the first name or the surname of the user, in any case: one LIKE on
    ``User.zoektekst`` (the three in upper case, kept by the database), which a trigram index and the name index hold
    on PostgreSQL. A word with the character between the columns in it (typed into the address by hand) is looked for
    in each column apart, so it never matches across two of them."""
    if ZOEKTEKST_SCHEIDING in woord:
        return Q(email__icontains=woord) | Q(voornaam__icontains=woord) | Q(achternaam__icontains=woord)
    return BevatInHoofdletters(F("zoektekst"), woord)


# Two letters that at most this many users hold (PostgreSQL's estimate, from the statistics of the index of pieces)
# are looked up there and the matches sorted by name: 2 ms for 1,900 of 700,000 users. Two letters that more hold are
# found soonest by the walk of the name index (a page, and the count's limit of 10,000, within ~140,000 rows).
TWEETAL_GRENS = 50_000


def _tweetal_opzoeken(request, woord, using):
    """Whether the search looks the two letters ``woord`` up in the index of the users' two-letter pieces
    (``klantreis_tweetallen``, PostgreSQL), because few users hold them. Asked once per request and word: the order
    (``get_ordering``) and the filter (``get_search_results``) must agree."""
    if not met_tweetal(woord) or ZOEKTEKST_SCHEIDING in woord or connections[using].vendor != "postgresql":
        return False
    geschat = request.__dict__.setdefault("_tweetallen_geschat", {})
    if woord not in geschat:
        geschat[woord] = geschat_aantal(User.objects.using(using).filter(HeeftTweetal(F("zoektekst"), woord)))
    return geschat[woord] <= TWEETAL_GRENS


def _werkgevers_van(gebruiker):
    """Her werkgevers in the admin, found by who she is: a search on her surname also found the werkgevers of a
    colleague with the same name (Jansen, De Vries), and werkgevers named after it, to be handed over with hers."""
    return (reverse("admin:werkgevers_werkgever_changelist") + f"?accountmanager__id__exact={gebruiker.pk}",
            _("Werkgevers van %(naam)s") % {"naam": gebruiker.get_full_name() or gebruiker.email})


def _caseload_van(gebruiker):
    return reverse("caseload_overdragen_plan", args=[gebruiker.pk]), _("Caseload overdragen")


# A vaste contactpersoon keeps the role, the account and the organisation while people still count on them: (role,
# reverse relation of the people, which of them count, what must stay (fields of the form besides role and active
# state), message when she would leave, message when she would move, the page that hands them over: its address,
# named by its URL only as the page is an app's above this one, and the link's text). A closed dossier (kept for its
# retention period, or anonymised) counts no more. The werkgevers and werkzoekenden would otherwise write to someone
# who can no longer read it, or have a contactpersoon of another organisation (a werkzoekende of UWV with a
# klantmanager of the gemeente) without a warme overdracht. An accountmanager also keeps her region: she opens only
# the werkgevers of her own (werkgevers.permissions).
VASTE_RELATIES = [
    (Rol.ACCOUNTMANAGER, "werkgevers", {}, ("organisatie", "regio"), lambda n: ngettext(
        "%(naam)s is nog vaste accountmanager van %(n)s werkgever. Geef die eerst een andere accountmanager: open "
        "de werkgever via de link, vink hem aan en kies de actie 'Andere vaste accountmanager "
        "(overdragen)'.",
        "%(naam)s is nog vaste accountmanager van %(n)s werkgevers. Geef die eerst een andere accountmanager: open "
        "de werkgevers via de link, vink ze allemaal aan en kies de actie 'Andere vaste accountmanager "
        "(overdragen)'.", n), lambda n: ngettext(
        "%(naam)s is nog vaste accountmanager van %(n)s werkgever bij %(organisatie)s. Geef die eerst een andere "
        "accountmanager en wijzig daarna de organisatie of regio: open de werkgever via de link, vink hem "
        "aan en kies de actie 'Andere vaste accountmanager (overdragen)'.",
        "%(naam)s is nog vaste accountmanager van %(n)s werkgevers bij %(organisatie)s. Geef die eerst een andere "
        "accountmanager en wijzig daarna de organisatie of regio: open de werkgevers via de link, vink ze "
        "allemaal aan en kies de actie 'Andere vaste accountmanager (overdragen)'.", n), _werkgevers_van),
    (Rol.KLANTMANAGER, "caseload", {"afgesloten_op__isnull": True}, ("organisatie",), lambda n: ngettext(
        "%(naam)s is nog vaste klantmanager van %(n)s werkzoekende. Draag dat dossier eerst over aan een collega, "
        "anders heeft de werkzoekende een contactpersoon die niets meer leest.",
        "%(naam)s is nog vaste klantmanager van %(n)s werkzoekenden. Draag die dossiers eerst in één keer over aan "
        "collega's, anders hebben de werkzoekenden een contactpersoon die niets meer leest.", n), lambda n: ngettext(
        "%(naam)s is nog vaste klantmanager van %(n)s werkzoekende bij %(organisatie)s. Draag dat dossier eerst "
        "over aan een collega van %(organisatie)s en wijzig daarna de organisatie: anders krijgt de werkzoekende "
        "zonder warme overdracht een klantmanager van een andere organisatie.",
        "%(naam)s is nog vaste klantmanager van %(n)s werkzoekenden bij %(organisatie)s. Draag die dossiers eerst in "
        "één keer over aan collega's van %(organisatie)s en wijzig daarna de organisatie: anders krijgen de "
        "werkzoekenden zonder warme overdracht een klantmanager van een andere organisatie.", n),
     _caseload_van),
]


def _anders(gegevens, gebruiker, veld):
    """Whether the form changes ``veld`` (a foreign key) of ``gebruiker``: the instance still holds the old value while
    the form is cleaned."""
    if veld not in gegevens:
        return False
    nieuw = gegevens[veld]
    return getattr(nieuw, "pk", nieuw) != getattr(gebruiker, f"{veld}_id")


class GebruikerWijzigenForm(UserChangeForm):
    # A beheerder neither sees nor sets a password (not even its hash's summary with the link to set one): she sends
    # a mail to choose one (the action "Mail om het wachtwoord opnieuw in te stellen").
    password = None

    def clean(self):
        gegevens = super().clean()
        gebruiker = self.instance
        if gebruiker.pk is None:
            return gegevens
        for rol, relatie, welke, blijft, vertrek, verhuizing, pagina in VASTE_RELATIES:
            if gebruiker.rol != rol:
                continue
            weg = gegevens.get("rol", gebruiker.rol) != rol or not gegevens.get("is_active", gebruiker.is_active)
            verhuist = not weg and any(_anders(gegevens, gebruiker, veld) for veld in blijft)
            if not (weg or verhuist):
                continue
            aantal = getattr(gebruiker, relatie).filter(**welke).count()
            if aantal:
                bericht = (vertrek if weg else verhuizing)(aantal) % {
                    "naam": gebruiker.get_full_name() or gebruiker.email, "n": aantal,
                    "organisatie": gebruiker.organisatie or _("de huidige organisatie")}
                adres, tekst = pagina(gebruiker)
                raise forms.ValidationError(format_html('{} <a href="{}">{}</a>', bericht, adres, tekst))
        self._laatste_beheerder_controleren(gegevens)
        self._waarneming_controleren(gegevens)
        if gegevens.get("is_coordinator") and gegevens.get("rol", gebruiker.rol) not in WAARNEMENDE_ROLLEN:
            self.add_error("is_coordinator", _("Alleen een accountmanager of klantmanager kan WSP-coördinator zijn."))
        self._coordinatortaken_controleren(gegevens)
        return gegevens

    def _post_clean(self):
        # After the model's checks (``User.clean``, against the organisation as the field read it): the organisation
        # again, under its lock, which holds until the save in this transaction (the admin's change page is one).
        # A region another beheerder moved meanwhile is a form error here, with what she typed; found first by the
        # save (``gebruiker_opslaan``), it was a server error.
        super()._post_clean()
        if self.instance.pk is not None and not (self.has_error("organisatie") or self.has_error("regio")):
            try:
                gebruiker_regio_controleren(self.instance)
            except ValidationError as fout:
                self.add_error(None, fout)

    def _laatste_beheerder_controleren(self, gegevens):
        """The only active beheerder keeps her role and account: switched off or made a klantmanager (her own row,
        ticked by mistake), nobody could manage users, organisations or regions any more, nor let her back in."""
        gebruiker = self.instance
        if not (gebruiker.rol == Rol.BEHEERDER and gebruiker.is_active):
            return
        if gegevens.get("rol", gebruiker.rol) == Rol.BEHEERDER and gegevens.get("is_active", True):
            return
        if not User.objects.filter(rol=Rol.BEHEERDER, is_active=True).exclude(pk=gebruiker.pk).exists():
            raise forms.ValidationError(_(
                "%(naam)s is de enige actieve beheerder. Nodig eerst een andere beheerder uit (Medewerker "
                "uitnodigen); anders kan niemand meer gebruikers, organisaties en regio's beheren.") % {
                "naam": gebruiker.get_full_name() or gebruiker.email})

    def _coordinatortaken_controleren(self, gegevens):
        """The coordinator flag taken from someone who stays active (in her organisation or moving): her tasks only
        a coordinator can do go to a coordinator who may do them (``opvolgers_van_coordinatortaken``, by what the task
        is about; ``taken.reacties``). With nobody to take one, the beheerder hears it before she saves; should
        that change before the reaction runs, a beheerder gets the task and is asked to appoint one. Switched off,
        she is not kept: the same reaction hands them on. Three queries, however many tasks she has."""
        gebruiker = self.instance
        if not (gebruiker.is_coordinator and "is_coordinator" in gegevens and not gegevens["is_coordinator"]
                and gegevens.get("is_active", gebruiker.is_active)):
            return
        taken = list(coordinatortaken(gebruiker).order_by("pk"))
        opvolgers = opvolgers_van_coordinatortaken(taken, niet={gebruiker.pk})
        zonder = [taak for taak in taken if not opvolgers[taak.pk].coordinatoren]
        if zonder:
            self.add_error("is_coordinator", ngettext(
                "%(naam)s heeft nog %(n)s open taak die alleen een coördinator kan doen, zoals een te laat verzoek "
                "over gegevens, en er is geen andere coördinator bij %(organisatie)s of in de regio die hem kan "
                "overnemen. Maak eerst een collega coördinator; haal daarna dit vinkje weg.",
                "%(naam)s heeft nog %(n)s open taken die alleen een coördinator kan doen, zoals een te laat verzoek "
                "over gegevens, en er is geen andere coördinator bij %(organisatie)s of in de regio die ze kan "
                "overnemen. Maak eerst een collega coördinator; haal daarna dit vinkje weg.", len(zonder)) % {
                "naam": gebruiker.get_full_name() or gebruiker.email, "n": len(zonder),
                "organisatie": gebruiker.organisatie or _("de huidige organisatie")})

    def _waarneming_controleren(self, gegevens):
        """The beheerder chooses who covers for her (she is ill, and did not choose herself): a colleague as she
        would choose on "Waarneming", in her role and organisation as this form leaves them."""
        waarnemer = gegevens.get("waarnemer")
        if waarnemer is None or "waarnemer" not in self.changed_data:
            return
        rol = gegevens.get("rol", self.instance.rol)
        organisatie = gegevens.get("organisatie")
        if not gegevens.get("is_active", self.instance.is_active):
            # Nobody covers for a switched-off account (``waarneming_houdt_stand``): switched off in this save, the
            # colleague would hear she covers, and straight after that it ended.
            self.add_error("waarnemer", _(
                "Je zet dit account uit: dan neemt niemand meer waar. Maak het veld “Wordt vervangen door” leeg, of "
                "laat het account aan.")
                if self.instance.is_active else _(
                "Dit account staat uit: een collega neemt alleen waar voor een actief account. Zet het account "
                "eerst aan, of maak het veld “Wordt vervangen door” leeg."))
        elif rol not in WAARNEMENDE_ROLLEN:
            self.add_error("waarnemer", _("Alleen voor een klantmanager of accountmanager neemt een collega waar."))
        elif waarnemer.pk == self.instance.pk or organisatie is None or waarnemer.organisatie_id != organisatie.pk:
            self.add_error("waarnemer", _("Kies een collega van %(organisatie)s.") % {
                "organisatie": organisatie or _("dezelfde organisatie")})
        elif waarnemer.rol != rol or not waarnemer.is_active:
            self.add_error("waarnemer", _("Kies een klantmanager met een actief account.") if rol == Rol.KLANTMANAGER
                           else _("Kies een accountmanager met een actief account."))


# What the user admin saves of a changed account: all but the waarneming, which only ``waarnemer_instellen`` changes.
ZONDER_WAARNEMING = [veld.name for veld in User._meta.concrete_fields
                     if not veld.primary_key and not veld.generated
                     and veld.name not in ("waarnemer", "waarneming_doorgegeven_door")]


# The most mails to choose a password that one click of the beheerder sends (the action's page says how many first).
WACHTWOORD_MAILS_PER_KEER = 100


@admin.register(User)
class UserAdmin(VerwerkingLoggenMixin, ZoekenSleutelsEerst, GroteLijstAdmin, DjangoUserAdmin):
    verwerking_doel = _("gebruikersbeheer")
    form = GebruikerWijzigenForm
    change_list_template = "admin/accounts/user/change_list.html"  # with the link to invite, as there is no "add"
    ordering = ["achternaam", "voornaam", "email"]
    list_display = ["email", "voornaam", "achternaam", "rol", "organisatie", "regio", "is_active", "last_login"]
    list_filter = ["rol", "is_active", "regio", "organisatie__soort"]
    search_fields = ["email", "voornaam", "achternaam", "organisatie__naam"]
    list_select_related = ["organisatie", "regio"]
    autocomplete_fields = ["organisatie", "regio", "waarnemer"]
    readonly_fields = ["wachtwoord", "last_login", "date_joined", "uitgenodigd_door", "uitgenodigd_op",
                       "waarneming_doorgegeven_door"]
    fieldsets = [
        (None, {"fields": ["email", "wachtwoord"]}),
        (_("Persoon"), {"fields": ["voornaam", "achternaam", "telefoon"]}),
        (_("Rol en organisatie"), {"fields": ["rol", "organisatie", "regio", "is_coordinator", "is_active"]}),
        (_("Waarneming"), {"fields": ["waarnemer", "waarneming_doorgegeven_door"], "description": _(
            "Wie waarneemt voor een klantmanager of accountmanager die er niet is, bijvoorbeeld bij ziekte: een "
            "collega van dezelfde organisatie en rol. Meestal kiest ze dat zelf; kan dat niet, kies het dan hier. "
            "Beiden krijgen een melding.")}),
        (_("Geschiedenis"), {"fields": ["uitgenodigd_door", "uitgenodigd_op", "date_joined", "last_login"]}),
    ]

    actions = ["uitnodiging_opnieuw", "wachtwoord_herstellen"]

    def get_readonly_fields(self, request, obj=None):
        # The address is where the mail to choose a password goes: a beheerder who changed it to her own could choose
        # the person's password after all. The person changes it on her account page (allauth verifies the new one);
        # only an invitation nobody accepted yet may be corrected here (no one logged in with it).
        velden = super().get_readonly_fields(request, obj)
        if obj is not None and not obj.wacht_op_eerste_wachtwoord():
            velden = ["email", *velden]
        return velden

    @admin.display(description=_("wachtwoord"))
    def wachtwoord(self, obj):
        stand = (_("Nog niet gekozen: de uitnodiging staat open") if obj.wacht_op_eerste_wachtwoord()
                 else _("Ingesteld") if obj.has_usable_password() else _("Geen (inloggen via DigiD of eHerkenning)"))
        return format_html("{}. {}", stand, _(
            "Een beheerder kent en kiest geen wachtwoorden. Vergeten of kwijt? Vink de persoon aan in de lijst en kies "
            "de actie 'Mail om het wachtwoord opnieuw in te stellen'. Je eigen wachtwoord wijzig je bij je "
            "account."))

    @admin.action(description=_("Mail om het wachtwoord opnieuw in te stellen"))
    def wachtwoord_herstellen(self, request, queryset):
        """Instead of the page to set someone's password: the person chooses it, from a mail (``wachtwoord_herstel_
        versturen``); who never chose one gets the invitation again. First a page that says how many get it (as
        Django's "delete selected" does): with "select all" one click mailed every account of the list, thousands
        in one request. At most ``WACHTWOORD_MAILS_PER_KEER`` at a time; counted up to one more than that only."""
        aantal = len(queryset.order_by().values("pk")[:WACHTWOORD_MAILS_PER_KEER + 1])
        if aantal > WACHTWOORD_MAILS_PER_KEER:
            self.message_user(request, _(
                "Je koos meer dan %(max)s personen. De mail om een wachtwoord te kiezen gaat per keer naar hoogstens "
                "%(max)s personen: kies er minder, bijvoorbeeld met een filter of de zoekbalk, en probeer het "
                "opnieuw. Er is niets verstuurd.") % {"max": WACHTWOORD_MAILS_PER_KEER}, messages.ERROR)
            return None
        if request.POST.get("post") != "yes":
            mensen = list(queryset.select_related("organisatie").order_by("achternaam", "voornaam", "email"))
            return TemplateResponse(request, "admin/accounts/user/wachtwoord_herstellen.html", {
                **self.admin_site.each_context(request), "title": _("Mail om het wachtwoord opnieuw in te stellen"),
                "opts": self.model._meta, "mensen": mensen, "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            })
        verstuurd = sum(wachtwoord_herstel_versturen(gebruiker=gebruiker, door=request.user, request=request)
                        is not None for gebruiker in queryset.order_by("pk").iterator(chunk_size=500))
        niet = queryset.count() - verstuurd
        if verstuurd:
            self.message_user(request, ngettext(
                "Mail verstuurd naar %(n)s persoon om zelf een (nieuw) wachtwoord te kiezen.",
                "Mail verstuurd naar %(n)s personen om zelf een (nieuw) wachtwoord te kiezen.", verstuurd)
                % {"n": verstuurd}, messages.SUCCESS)
        if niet:
            self.message_user(request, ngettext(
                "%(n)s account kreeg geen mail: het staat uit, het e-mailadres is niet bevestigd door de persoon "
                "zelf, of het wacht op een uitnodiging die alleen de eigen contactpersoon opnieuw verstuurt.",
                "%(n)s accounts kregen geen mail: ze staan uit, hun e-mailadres is niet bevestigd door de persoon "
                "zelf, of ze wachten op een uitnodiging die alleen de eigen contactpersoon opnieuw verstuurt.", niet)
                % {"n": niet}, messages.WARNING)

    def has_add_permission(self, request):
        # New accounts come in by invitation only (see the link on the list page).
        return False

    @admin.action(description=_("Uitnodiging opnieuw versturen"))
    def uitnodiging_opnieuw(self, request, queryset):
        """A new link for colleagues who have not chosen a password yet (the mail got lost, the link expired)."""
        # Only the open invitations are read (an index holds them), however many accounts were selected.
        open_uitnodigingen = queryset.filter(is_active=True, uitgenodigd_op__isnull=False,
                                             password__startswith=UNUSABLE_PASSWORD_PREFIX).order_by("pk")
        verstuurd = sum(uitnodiging_opnieuw_versturen(gebruiker=gebruiker, door=request.user)
                        for gebruiker in open_uitnodigingen.iterator(chunk_size=500))
        niet = queryset.count() - verstuurd
        if verstuurd:
            self.message_user(request, ngettext(
                "Uitnodiging opnieuw verstuurd naar %(n)s persoon. De nieuwe link is %(dagen)s dagen geldig.",
                "Uitnodiging opnieuw verstuurd naar %(n)s personen. De nieuwe link is %(dagen)s dagen geldig.",
                verstuurd) % {"n": verstuurd, "dagen": settings.PASSWORD_RESET_TIMEOUT // 86400}, messages.SUCCESS)
        if niet:
            self.message_user(request, ngettext(
                "%(n)s account kreeg geen nieuwe uitnodiging: het heeft al een wachtwoord, staat uit, of is van een "
                "werkgever of werkzoekende (hun eigen contactpersoon nodigt die opnieuw uit).",
                "%(n)s accounts kregen geen nieuwe uitnodiging: ze hebben al een wachtwoord, staan uit, of zijn van "
                "werkgevers of werkzoekenden (hun eigen contactpersoon nodigt die opnieuw uit).", niet) % {"n": niet},
                messages.WARNING)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        veld = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("organisatie", "regio", "waarnemer"):
            # Without the red cross and the pencil beside the choice: the cross deleted the colleague's account, or
            # the organisation, where a beheerder meant to clear the field (that is the small x in it).
            veld.widget.can_delete_related = veld.widget.can_change_related = False
        if db_field.name == "is_coordinator":
            # The model's text names the accountmanager's part only, while a task sends the beheerder here to make a
            # klantmanager coordinator for an AVG request: she read a checkbox about werkgevers and doubted.
            veld.help_text = _(
                "Een accountmanager-coördinator krijgt verzoeken van werkgevers die na 24 uur nog niet gebeld zijn; "
                "een klantmanager-coördinator verzoeken van werkzoekenden over hun gegevens (AVG) zonder "
                "klantmanager of die te laat zijn. Beiden krijgen een taak als een collega in de regio tijdelijk "
                "is geremd.")
        return veld

    def get_search_results(self, request, queryset, search_term):
        """Every word in the e-mail address, a name or the organisation's name, as Django's search does, but the
        organisations found first (a short list of ids): with a join in the OR, PostgreSQL could only walk all
        700,000 users in name order (0.5-1 s for any word). Now the user's three columns are one text in upper case
        (``User.zoektekst``, ``_in_de_zoektekst``), looked up in its trigram index (a word of three letters or more),
        in the index of its two-letter pieces (two letters few users hold, ``_tweetal_opzoeken``) or read from the
        name index that holds it (one letter, or two that many hold), and the organisations from the index on
        organisatie_id."""
        postgresql = connections[queryset.db].vendor == "postgresql"
        for woord in _zoekwoorden(search_term):
            # Without the organisations' own order (by name): the ids of 9,161 organisations were sorted for nothing.
            organisaties = Organisatie.objects.filter(naam__icontains=woord).order_by().values("pk")
            tweetal = _tweetal_opzoeken(request, woord, queryset.db)
            bij_gebruiker = HeeftTweetal(F("zoektekst"), woord) if tweetal else _in_de_zoektekst(woord)
            # Walked in name order (one letter, or two that many hold), a hashed subquery tests each row at once,
            # where ANY(ARRAY(...)) would go through its ids one by one; looked up, the ids go to the index.
            bij_organisatie = (InArray("organisatie_id", ArraySubquery(organisaties))
                               if postgresql and (met_trigrammen(woord) or tweetal)
                               else Q(organisatie__in=organisaties))
            queryset = queryset.filter(bij_gebruiker | bij_organisatie)
        if request.GET.get("field_name") == "waarnemer" and request.path == reverse("admin:autocomplete"):
            # Choosing a waarnemer: only those who can be one (the form checks the organisation).
            queryset = queryset.filter(rol__in=WAARNEMENDE_ROLLEN, is_active=True)
        return queryset, False

    def get_ordering(self, request):
        """In name order; for a search with a word of three letters or more, or of two letters few users hold, from a
        key no index on the whole table holds (the same order), so PostgreSQL takes the matches from the trigram index
        or the index of two-letter pieces and sorts them ("jan": 9 ms) instead of walking every user in name order
        until it has a page ("jan": 500 ms; "de", held by 1,901 of 700,000 users: to the end, 300-400 ms)."""
        zoekterm = request.GET.get(SEARCH_VAR) or request.GET.get("term", "")  # the list, or an autocomplete
        using = self.model._default_manager.db  # where the list reads (not get_queryset: it asks for this order)
        if any(met_trigrammen(woord) or _tweetal_opzoeken(request, woord, using) for woord in _zoekwoorden(zoekterm)):
            return [buiten_de_index("achternaam"), "voornaam", "email"]
        return super().get_ordering(request)

    def opslaan(self, request, obj, form, change):
        # Through accounts.services: a changed role, organisation or active state ends what rested on it; another
        # waarnemer goes as on "Waarneming" (checked under lock, the colleagues hear it), saved directly nobody would.
        waarnemer = obj.waarnemer
        nieuwe_waarnemer = change and "waarnemer" in form.changed_data
        if nieuwe_waarnemer:
            obj.waarnemer_id = form.initial.get("waarnemer")
            # The rows of the waarneming first, in id order: locked after hers (below) they would deadlock with a
            # colleague's waarneming moving at the same time.
            waarneming_vergrendelen(gebruiker=obj, waarnemer=waarnemer)
        # Without the waarneming: read with the page, it may have changed since (a colleague she chose went away and
        # passed it on, ``waarnemer_instellen``), and written back it would leave her with a colleague who is away.
        gebruiker_opslaan(obj, door=request.user, update_fields=ZONDER_WAARNEMING if change else None)
        if nieuwe_waarnemer:
            try:
                waarnemer_instellen(gebruiker=obj, waarnemer=waarnemer, door=request.user)
            except ValidationError as exc:
                # Changed since the form checked (the colleague switched off meanwhile): the rest is saved, the
                # waarnemer not, and the beheerder reads why on the same page (``response_change``).
                obj.waarnemer_id = form.initial.get("waarnemer")
                request.waarnemer_niet_opgeslagen = " ".join(exc.messages)

    def response_change(self, request, obj):
        fout = getattr(request, "waarnemer_niet_opgeslagen", None)
        if fout is None:
            return super().response_change(request, obj)
        self.message_user(request, _("De andere wijzigingen zijn opgeslagen, de waarnemer niet: %(fout)s") % {
            "fout": fout}, messages.ERROR)
        return HttpResponseRedirect(request.path)

    def user_change_password(self, request, id, form_url=""):
        # Django's page to set another person's password: a beheerder does not know people's passwords (the action
        # "Mail om het wachtwoord opnieuw in te stellen" lets them choose one). Her own: on her account page.
        raise Http404

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "uitnodigen_url": reverse("uitnodigen"),
        }
        return super().changelist_view(request, extra_context)


class VerwerkingBetrokkeneInline(admin.TabularInline):
    """Whose data the line is about; read-only like the line itself."""

    model = VerwerkingBetrokkene
    fields = ["content_type", "object_id", "omschrijving"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The kind of each person with the rows: a line of a caseload page names 25 people, and asking each one's
        # kind apart was a query per row (105 queries for one line).
        return super().get_queryset(request).select_related("content_type")


@admin.register(Verwerking)
class VerwerkingAdmin(AlleenInzien, GroteLijstAdmin, admin.ModelAdmin):
    """The verwerkingenlog, read-only for the beheerder. Millions of lines: the date drill-down and the count come
    from the index (GroteLijstAdmin)."""

    list_display = ["tijdstip", "gebruiker_omschrijving", "rol", "organisatie", "actie", "wat", "soort",
                    "object_omschrijving", "doel"]
    list_filter = ["actie", "rol", "content_type", "tijdstip"]
    search_fields = list(ZOEKVELDEN_VERWERKING)  # searched as one indexed text: get_search_results
    inlines = [VerwerkingBetrokkeneInline]
    date_hierarchy = "tijdstip"
    list_select_related = ["content_type"]
    show_full_result_count = False
    actions = ["exporteer_csv"]

    def get_search_results(self, request, queryset, search_term):
        """Every word (or "quoted phrase") in the text of the line (Zoektekst), as Django's search would look for it
        in any of the search_fields, but as one LIKE on the expression of the trigram index instead of six LIKEs
        that read the whole log."""
        woorden = [unescape_string_literal(w) if w[0] in "\"'" and w[0] == w[-1] and len(w) > 1 else w
                   for w in smart_split(search_term)]
        if woorden:
            queryset = queryset.alias(zoektekst=Zoektekst())
            for woord in woorden:
                queryset = queryset.filter(zoektekst__contains=woord.upper())
        return queryset, False

    @admin.action(description=_("Geselecteerde regels downloaden als CSV"))
    def exporteer_csv(self, request, queryset):
        """For the privacy officer: the rows in a spreadsheet, every cell safe to open (klantreis.lib.spreadsheet);
        a name such as "=HYPERLINK(...)" stays text."""
        rijen = (
            (timezone.localtime(v.tijdstip).strftime("%Y-%m-%d %H:%M:%S"), v.gebruiker_omschrijving, v.rol,
             v.organisatie, v.get_actie_display(), v.wat, self.soort(v), v.object_id, v.object_omschrijving, v.doel,
             ", ".join(b.omschrijving for b in v.betrokkenen.all()))
            for v in queryset.select_related("content_type").prefetch_related("betrokkenen")
            .order_by("tijdstip", "pk").iterator(chunk_size=2000)
        )
        kop = [_("tijdstip"), _("door"), _("rol"), _("organisatie"), _("actie"), _("wat"), _("soort gegeven"),
               _("record"), _("omschrijving"), _("doel"), _("betrokkenen")]
        return csv_response(f"verwerkingenlog-{timezone.localdate():%Y-%m-%d}.csv", [str(k) for k in kop], rijen)

    @admin.display(description=_("soort gegeven"), ordering="content_type")
    def soort(self, obj):
        return obj.content_type.name if obj.content_type_id else _("lijst")




# Pending and failed mail shows who it goes to: its pages log like the other admin pages about people.
# (outbox sits below accounts, so the logging admin is registered here.)
admin.site.unregister(Mail)


@admin.register(Mail)
class GelogdeMailAdmin(VerwerkingLoggenMixin, MailAdmin):
    verwerking_doel = _("beheer van de e-mailwachtrij")


# allauth's list of e-mail addresses is a list of people too.
if admin.site.is_registered(EmailAddress):
    admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class GelogdeEmailAddressAdmin(VerwerkingLoggenMixin, GroteLijstAdmin, EmailAddressAdmin):
    verwerking_doel = _("gebruikersbeheer")

    def verwerking_betrokkenen(self, obj):
        return [obj.user]


# Roles are a field on the user (accounts.models.Rol), not Django groups.
admin.site.unregister(Group)


# The columns and fields of allauth's models below are methods: those models name some fields in English only
# ("user", "created at"), and a catalog entry for such a msgid would change every other app that uses it.
def met_titel(filter_klasse, titel):
    """One of Django's field filters under a title of our own (it takes the field's verbose_name, "created at")."""

    class MetTitel(filter_klasse):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = titel

    return MetTitel


# DigiD and eHerkenning are configured from the environment only (accounts/oidc.py), and no broker
# token is kept: no apps or tokens in the admin. A link can be looked at and removed, never made here.
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)
admin.site.unregister(SocialAccount)

# allauth names these two lists in English only ("MFA", "Authenticators", "Social accounts"), on the admin's index, in
# its menu, titles and breadcrumbs, where a beheerder looks for a colleague's lost phone. Named here for the admin: the
# migrations read the models' own options (``Meta``), not these names, and allauth's catalog stays as it is.
apps.get_app_config("mfa").verbose_name = _("Inloggen in twee stappen")
Authenticator._meta.verbose_name = _("tweede stap")
Authenticator._meta.verbose_name_plural = _("tweede stappen")
SocialAccount._meta.verbose_name = _("koppeling met DigiD of eHerkenning")
SocialAccount._meta.verbose_name_plural = _("koppelingen met DigiD of eHerkenning")


@admin.register(SocialAccount)
class InlogKoppelingAdmin(VerwerkingLoggenMixin, GroteLijstAdmin, admin.ModelAdmin):
    verwerking_doel = _("beheer van DigiD- en eHerkenning-koppelingen")
    list_display = ["gebruiker", "provider", "date_joined", "last_login"]
    list_filter = ["provider"]
    search_fields = ["user__email", "user__achternaam"]
    list_select_related = ["user"]
    fields = ["gebruiker", "provider", "date_joined", "last_login"]
    readonly_fields = fields

    @admin.display(description=_("gebruiker"), ordering="user")
    def gebruiker(self, obj):
        return obj.user

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# A second factor is set up by its owner only. The beheerder sees who has one and can remove it when a
# phone is lost (the person then sets up a new one at the next login), but never reads or edits the secret.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(VerwerkingLoggenMixin, GroteLijstAdmin, admin.ModelAdmin):
    verwerking_doel = _("beheer van tweede stappen (verloren telefoon)")
    list_select_related = ["user"]
    raw_id_fields = ("user",)
    list_display = ("gebruiker", "soort", "aangemaakt_op", "laatst_gebruikt_op")
    list_filter = (("type", met_titel(admin.ChoicesFieldListFilter, _("soort"))),
                   ("created_at", met_titel(admin.DateFieldListFilter, _("aangemaakt op"))),
                   ("last_used_at", met_titel(admin.DateFieldListFilter, _("laatst gebruikt op"))))
    # Who lost a phone is found by name or address: the list of every second factor of the country is no help.
    search_fields = ["user__email", "user__achternaam", "user__voornaam"]
    fields = ("gebruiker", "soort", "aangemaakt_op", "laatst_gebruikt_op")
    readonly_fields = fields

    @admin.display(description=_("gebruiker"), ordering="user")
    def gebruiker(self, obj):
        return obj.user

    @admin.display(description=_("soort"), ordering="type")
    def soort(self, obj):
        return obj.get_type_display()

    # As Django shows a date field: a read-only method's value on the object's page would be its repr ("None").
    @admin.display(description=_("aangemaakt op"), ordering="created_at")
    def aangemaakt_op(self, obj):
        return display_for_value(obj.created_at, self.get_empty_value_display())

    @admin.display(description=_("laatst gebruikt op"), ordering="last_used_at")
    def laatst_gebruikt_op(self, obj):
        return display_for_value(obj.last_used_at, self.get_empty_value_display())

    def verwerking_betrokkenen(self, obj):
        # The person whose second factor it is: the log line of a removal says whose phone was lost, not "TOTP".
        return [obj.user]

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        tweede_stap_verwijderd_email(gebruiker=obj.user)

    def response_delete(self, request, obj_display, obj_id):
        # Back to the list, to the person's other factor (Django went to the admin's index: a list that is only looked
        # at has no "change", and Django returns there only after a change permission).
        antwoord = super().response_delete(request, obj_display, obj_id)
        if IS_POPUP_VAR in request.POST:
            return antwoord
        return HttpResponseRedirect(reverse("admin:mfa_authenticator_changelist"))

    def delete_queryset(self, request, queryset):
        # Each person once, however many of their factors go.
        mensen = {a.user_id: a.user for a in queryset.select_related("user")}
        super().delete_queryset(request, queryset)
        for gebruiker in mensen.values():
            tweede_stap_verwijderd_email(gebruiker=gebruiker)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
