from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from accounts.models import TOEGESTANE_ORGANISATIES, Arbeidsmarktregio, Organisatie, Rol
from accounts.selectors import account_met_adres
from klantreis.lib.forms import Tekstlimieten


class _PersoonVelden(Tekstlimieten, forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
    )
    voornaam = forms.CharField(label=_("Voornaam"), max_length=100)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=150)
    telefoon = forms.RegexField(
        label=_("Telefoonnummer"),
        regex=r"^\+?[0-9 ()-]{10,20}$",
        required=False,
        error_messages={"invalid": _("Vul een telefoonnummer in met 10 cijfers, zoals 06 12345678.")},
    )

    def clean_email(self):
        # Said out loud on purpose: only staff (a beheerder, an accountmanager) invite with these forms, on behalf of
        # the WSP, and need to hear it to avoid a second account for one person. A form anyone else can use must not
        # tell whether an address has an account (``CollegaUitnodigenForm``, tests/security/
        # test_geen_accountonthulling.py).
        email = self.cleaned_data["email"].strip().lower()
        if account_met_adres(email) is not None:  # its login, or another person's verified second address
            raise forms.ValidationError(_("Er bestaat al een account met dit e-mailadres."))
        return email


class MedewerkerUitnodigenForm(_PersoonVelden):
    """The beheerder invites staff: beheerders, accountmanagers, klantmanagers and the programme (landelijk)."""

    rol = forms.ChoiceField(
        label=_("Rol"),
        choices=[(r.value, r.label) for r in (Rol.ACCOUNTMANAGER, Rol.KLANTMANAGER, Rol.BEHEERDER, Rol.PROGRAMMA)],
    )
    # Staff work in their organisation's region (as the user admin keeps it): chosen apart it could only disagree.
    regio = forms.ModelChoiceField(label=_("Arbeidsmarktregio"), queryset=Arbeidsmarktregio.objects.all(),
                                   required=False,
                                   help_text=_("Leeg: de regio van de organisatie. Dat is bijna altijd goed."))
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisatie.objects.exclude(soort=Organisatie.Soort.WERKGEVER).select_related("regio"),
        help_text=_("Het WSP, de gemeente of de UWV-vestiging waar deze medewerker werkt."),
    )
    field_order = ["email", "voornaam", "achternaam", "telefoon", "rol", "organisatie", "regio"]

    def clean_email(self):
        # The beheerder hears what to do with the account that exists: "Er bestaat al een account" left her with an
        # expired invitation she could not send again, or a colleague back from elsewhere whose account is off.
        email = self.cleaned_data["email"].strip().lower()
        bestaand = account_met_adres(email)
        if bestaand is None or bestaand.email.lower() != email:
            return super().clean_email()
        if bestaand.wacht_op_eerste_wachtwoord():
            raise forms.ValidationError(_(
                "%(naam)s is al uitgenodigd en heeft nog geen wachtwoord gekozen. Is de mail kwijt of de link "
                "verlopen? Stuur de uitnodiging opnieuw: zoek het e-mailadres op bij Gebruikers (Beheer), vink het "
                "account aan en kies de actie “Uitnodiging opnieuw versturen”.") % {"naam": bestaand.get_full_name()})
        if not bestaand.is_active:
            raise forms.ValidationError(_(
                "Het account van %(naam)s staat uit. Komt deze persoon terug? Zoek het e-mailadres op bij Gebruikers "
                "(Beheer), zet het vinkje bij “Actief” weer aan en kies de rol en organisatie.") % {
                "naam": bestaand.get_full_name()})
        return super().clean_email()

    def clean(self):
        cleaned = super().clean()
        rol, regio, organisatie = cleaned.get("rol"), cleaned.get("regio"), cleaned.get("organisatie")
        if rol and organisatie and organisatie.soort not in TOEGESTANE_ORGANISATIES[Rol(rol)]:
            self.add_error(
                "organisatie",
                _("Een %(rol)s werkt niet bij een organisatie van soort %(soort)s.")
                % {"rol": Rol(rol).label.lower(), "soort": organisatie.get_soort_display().lower()},
            )
        if regio and organisatie and organisatie.regio_id != regio.pk:
            self.add_error("organisatie", _("Deze organisatie hoort bij een andere arbeidsmarktregio."))
        elif regio is None and organisatie is not None:
            cleaned["regio"] = organisatie.regio
        return cleaned


class WerkgeverContactUitnodigenForm(_PersoonVelden):
    """The accountmanager invites a contactpersoon of one of their werkgevers."""

    werkgever = forms.ModelChoiceField(label=_("Werkgever"), queryset=None)

    def __init__(self, *args, werkgevers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["werkgever"].queryset = werkgevers
        self.order_fields(["werkgever", "voornaam", "achternaam", "email", "telefoon"])


class CollegaUitnodigenForm(_PersoonVelden):
    """A werkgever's person invites a colleague of the same company."""

    field_order = ["voornaam", "achternaam", "email", "telefoon"]

    def clean_email(self):
        # Never "an account exists": a werkgever must not learn whether an address has an account on the portal
        # (a werkzoekende's, say). ``werkgevers.services.collega_uitnodigen`` decides behind one answer.
        return self.cleaned_data["email"].strip().lower()


class WerkzoekendeUitnodigenForm(Tekstlimieten, forms.Form):
    """The klantmanager invites a kandidaat from their own caseload to their dossier."""

    # The kandidaat is chosen on the page (the list of the caseload without an account, or the dossier's link), never
    # from a <select> of the whole caseload: a team covering colleagues has tens of thousands.
    kandidaat = forms.ModelChoiceField(
        label=_("Kandidaat"),
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Deze kandidaat staat niet (meer) zonder account in je caseload. "
                                            "Kies iemand uit de lijst.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        help_text=_("Leeg laten om het e-mailadres uit het dossier te gebruiken."),
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
    )

    def __init__(self, *args, kandidaten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kandidaat"].queryset = kandidaten

    def clean(self):
        cleaned = super().clean()
        kandidaat = cleaned.get("kandidaat")
        if kandidaat is None or self.errors.get("email"):
            return cleaned
        email = (cleaned.get("email") or kandidaat.email or "").strip().lower()
        if not email:
            self.add_error("email", _("Het dossier heeft geen e-mailadres; vul er hier een in."))
        elif account_met_adres(email) is not None:
            # The klantmanager is staff: may hear it (see ``_PersoonVelden.clean_email``).
            self.add_error("email", _("Er bestaat al een account met dit e-mailadres."))
        cleaned["email"] = email
        return cleaned


class UitnodigingAccepterenForm(Tekstlimieten, SetPasswordForm):
    pass


class WaarnemingForm(forms.Form):
    """Who covers my caseload while I am away: chosen from what a search by name finds (``toon_collegas``), never
    from a list of the whole organisation (a municipality the size of Arnhem has hundreds of klantmanagers)."""

    waarnemer = forms.ModelChoiceField(
        label=_("Collega die mijn caseload waarneemt"), queryset=None, required=False, widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een collega uit de zoekresultaten, of 'niemand'.")})

    def __init__(self, *args, collegas, label=None, **kwargs):
        """``collegas``: who may cover (``selectors.mogelijke_waarnemers``); the form shows only those given to
        ``toon_collegas``, and always "nobody"."""
        super().__init__(*args, **kwargs)
        self.fields["waarnemer"].queryset = collegas
        if label:
            self.fields["waarnemer"].label = label
        self.toon_collegas([])

    def toon_collegas(self, collegas):
        """A colleague who is away herself (someone covers for her) says so: choosing her is refused
        (``waarnemer_instellen``), and she should not be the first tried."""
        afwezig = {c.pk for c in collegas if c.waarnemer_id is not None}
        self.fields["waarnemer"].widget.choices = [("", _("Niemand: ik ben er zelf")), *(
            (pk, _("%(collega)s (zelf afwezig)") % {"collega": naam} if pk in afwezig else naam)
            for pk, naam in collega_keuzes(collegas))]


def collega_keuzes(collegas):
    """Choices for a colleague: name and organisation ("Jeske Gunterman, Gemeente Arnhem")."""
    return [(c.pk, f"{c.get_full_name()}, {c.organisatie}" if c.organisatie_id else c.get_full_name())
            for c in collegas]
