from django import forms
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import Rol, User
from beroepen.forms import BeroepField
from klantreis.lib.forms import (
    EEN_JAAR,
    EMAIL_FOUT,
    JA_NEE_ONBEKEND,
    KVK,
    POSTCODE,
    TWEE_JAAR,
    Datumgrens,
    DatumInput,
    FormuliersleutelField,
    Tekstlimieten,
    TelefoonField,
    Vinkjes,
    formuliersleutel_met_inhoud,
)
from werkgevers.models import Vacature, VerzoekSluitreden, Werkgever


class VerzoekForm(Tekstlimieten, forms.Form):
    bedrijfsnaam = forms.CharField(label=_("Naam van uw bedrijf"), max_length=200)
    kvk_nummer = KVK
    adres = forms.CharField(label=_("Straat en huisnummer van de vestiging"), max_length=200)
    postcode = forms.RegexField(**POSTCODE)
    plaats = forms.CharField(label=_("Plaats"), max_length=100)
    sector = forms.CharField(label=_("Sector of branche"), max_length=200,
                             help_text=_("Bijvoorbeeld installatietechniek, zorg of logistiek."))
    aantal_medewerkers = forms.IntegerField(
        label=_("Aantal medewerkers"), min_value=1, max_value=1_000_000,
        error_messages={"invalid": _("Vul een getal in."), "min_value": _("Vul minstens 1 in.")},
    )
    contactpersoon = forms.CharField(label=_("Uw naam"), max_length=200)
    telefoon = TelefoonField(label=_("Telefoonnummer waarop we u kunnen bellen"))
    email = forms.EmailField(label=_("E-mailadres"), error_messages=EMAIL_FOUT)
    vraag = forms.CharField(label=_("Waarmee kunnen we u helpen?"), widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("Bijvoorbeeld: welke functie, hoeveel mensen, vanaf wanneer."))
    # Honeypot: people do not see it (CSS), robots fill it in.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


class TelefonischVerzoekForm(VerzoekForm):
    """The same verzoek, typed in by the accountmanager while the werkgever is on the phone: the labels
    speak about the werkgever, not to them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        for veld, label in TELEFOON_LABELS.items():
            self.fields[veld].label = label


TELEFOON_LABELS = {
    "bedrijfsnaam": _("Naam van het bedrijf"),
    "contactpersoon": _("Naam van de contactpersoon"),
    "telefoon": _("Telefoonnummer van de contactpersoon"),
    "email": _("E-mailadres van de contactpersoon"),
    "vraag": _("Wat vraagt de werkgever?"),
}


class ContactOpgenomenForm(Tekstlimieten, forms.Form):
    notitie = forms.CharField(label=_("Wat is er besproken?"), widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Kort verslag van het eerste contact, voor de tijdlijn."))

    def __init__(self, *args, aanvullingen=(), **kwargs):
        """``aanvullingen``: the questions asked again while the verzoek was open, not yet accounted for: each one
        ticked was called or discussed, each other becomes a verzoek of its own (``verzoek_contact_opgenomen``)."""
        super().__init__(*args, **kwargs)
        if aanvullingen:
            self.fields["gebeld"] = forms.MultipleChoiceField(
                label=_("Ook gebeld of in dit gesprek besproken"), required=False, widget=Vinkjes,
                choices=self.keuzes(aanvullingen),
                help_text=_("Vink aan wie je ook sprak. Wie je niet aanvinkt, komt als nieuw verzoek bij de "
                            "verzoeken, met de belofte die die kreeg: gebeld binnen één werkdag."))

    @staticmethod
    def keuzes(aanvullingen):
        return [(a.pk, f"{a.contactpersoon}, {a.telefoon}: {Truncator(a.vraag).chars(80)}") for a in aanvullingen]


class VerzoekSluitenForm(Tekstlimieten, forms.Form):
    """Close an open verzoek without contact (``verzoek_sluiten``). Its own prefix: the page has the contact form too,
    and each keeps what was typed in it."""

    prefix = "sluiten"
    reden = forms.ChoiceField(
        label=_("Waarom sluit je het verzoek?"), widget=forms.RadioSelect,
        choices=[(VerzoekSluitreden.NIET_BEREIKBAAR, _("Niet bereikbaar: gebeld en gemaild, geen antwoord. De vrager "
                                                      "krijgt een e-mail met hoe die het WSP kan bereiken.")),
                 (VerzoekSluitreden.GEEN_VRAAG, _("Geen vraag voor het WSP: spam, een werkzoekende, het verkeerde "
                                                 "loket. Er gaat geen e-mail uit."))],
        error_messages={"required": _("Kies waarom je het verzoek sluit.")})
    toelichting = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500,
        help_text=_("Wat probeerde je, en wanneer? Of: waarom is dit geen vraag voor het WSP? Voor je collega's; de "
                    "werkgever ziet dit niet."),
        error_messages={"required": _("Schrijf kort wat je probeerde, of waarom dit geen vraag voor het WSP is.")})

    def __init__(self, *args, aanvullingen=(), **kwargs):
        """``aanvullingen``: as in ``ContactOpgenomenForm``; each one ticked is closed with this verzoek, each other
        becomes a verzoek of its own."""
        super().__init__(*args, **kwargs)
        if aanvullingen:
            self.fields["mee"] = forms.MultipleChoiceField(
                label=_("Ook sluiten"), required=False, widget=Vinkjes,
                choices=ContactOpgenomenForm.keuzes(aanvullingen),
                help_text=_("Vink aan welke vragen je met dit verzoek sluit, bijvoorbeeld van dezelfde afzender. Wie "
                            "je niet aanvinkt, komt als nieuw verzoek bij de verzoeken: die kreeg ook de belofte van "
                            "een telefoontje binnen één werkdag."))


class BezoekForm(Tekstlimieten, forms.Form):
    bezocht_op = forms.DateField(label=_("Datum van het bezoek"), widget=DatumInput,
                                 validators=[Datumgrens(niet_later=True, terug=EEN_JAAR)],
                                 error_messages={"invalid": _("Vul een geldige datum in.")})
    verslag = forms.CharField(label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Wat zag je op de werkvloer, wie sprak je, wat viel op?"))


class ContactForm(Tekstlimieten, forms.Form):
    op = forms.DateField(label=_("Wanneer"), widget=DatumInput,
                         validators=[Datumgrens(niet_later=True, terug=EEN_JAAR)],
                         error_messages={"invalid": _("Vul een geldige datum in.")})
    manier = forms.ChoiceField(label=_("Hoe"), widget=forms.RadioSelect, initial="telefoon",
                               choices=[("telefoon", _("Telefoon")), ("mail", _("E-mail")),
                                        ("langs", _("Even langs geweest"))])
    notitie = forms.CharField(label=_("Wat bespraken jullie?"), max_length=400,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Voor je collega's van het WSP; de werkgever ziet deze notitie niet."),
                              error_messages={"required": _("Schrijf kort wat jullie bespraken.")})


class ProfielForm(Tekstlimieten, forms.ModelForm):
    # Declared here (not in Meta.fields) so the form asks https:// for an address without scheme.
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             error_messages={"invalid": _("Vul een webadres in, zoals www.bedrijf.nl.")})
    # The model's limits on the form field: the model's own PositiveIntegerField would let 0 through to the model's
    # validator, and its message.
    aantal_medewerkers = forms.IntegerField(label=_("Aantal medewerkers"), min_value=1, max_value=1_000_000,
                                            error_messages={"invalid": _("Vul een getal in.")})

    class Meta:
        model = Werkgever
        fields = ["activiteiten", "cultuur", "zoekt", "leidt_op", "open_doelgroepregister", "open_tweede_kans",
                  "sector", "aantal_medewerkers", "contactpersoon_naam", "contactpersoon_telefoon",
                  "contactpersoon_email"]
        widgets = {
            "activiteiten": forms.Textarea(attrs={"rows": 3}),
            "cultuur": forms.Textarea(attrs={"rows": 3}),
            "zoekt": forms.Textarea(attrs={"rows": 3}),
            "leidt_op": JA_NEE_ONBEKEND,
            "open_doelgroepregister": JA_NEE_ONBEKEND,
            "open_tweede_kans": JA_NEE_ONBEKEND,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("website", self.instance.website)



class BedrijfsgegevensForm(ProfielForm):
    """What the werkgever keeps up to date himself: who to call, the website, what the company does and how big it
    is. The rest of the profile is what the accountmanager learned at the kennismaking."""

    contactpersoon_telefoon = TelefoonField(label=_("Telefoon contactpersoon"), required=False)
    contactpersoon_email = forms.EmailField(label=_("E-mail contactpersoon"), required=False,
                                            error_messages=EMAIL_FOUT)

    class Meta(ProfielForm.Meta):
        fields = ["contactpersoon_naam", "contactpersoon_telefoon", "contactpersoon_email", "website", "sector",
                  "aantal_medewerkers", "activiteiten"]
        labels = {"contactpersoon_naam": _("Wie belt de accountmanager?"),
                  "activiteiten": _("Wat doet uw bedrijf?")}


class AfspraakForm(Tekstlimieten, forms.Form):
    wat = forms.CharField(label=_("Wat spreken we af?"), widget=forms.Textarea(attrs={"rows": 3}))
    wie = forms.CharField(label=_("Wie doet het?"), max_length=200,
                          help_text=_("Bijvoorbeeld: accountmanager, de werkgever, of een naam."))
    uiterlijk = forms.DateField(label=_("Uiterlijk op"), required=False, widget=DatumInput,
                                validators=[Datumgrens(niet_voorbij=True, vooruit=TWEE_JAAR)],
                                error_messages={"invalid": _("Vul een geldige datum in.")})
    # A double click sends the page twice: one afspraak, one confirmation to the werkgever.
    formuliersleutel = FormuliersleutelField()

    def clean(self):
        cleaned = super().clean()
        formuliersleutel_met_inhoud(self, cleaned)
        return cleaned


class AccountmanagerWijzigenForm(Tekstlimieten, forms.Form):
    accountmanager = forms.ModelChoiceField(label=_("Nieuwe vaste accountmanager"), queryset=User.objects.none())
    reden = forms.CharField(label=_("Reden"), max_length=300, required=False)

    def __init__(self, *args, regio, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accountmanager"].queryset = User.objects.filter(
            rol=Rol.ACCOUNTMANAGER, regio=regio, is_active=True
        ).order_by("achternaam", "voornaam")


# A vacature's start: at most two years ahead, and an existing one at most a year back (a new one not in the past).
# The vacature form and the import (koppelingen.importeren) both check it.
STARTDATUM_GRENZEN = {"vooruit": TWEE_JAAR, "terug": EEN_JAAR}


class VacatureForm(Tekstlimieten, forms.Form):
    titel = forms.CharField(label=_("Titel van de vacature"), max_length=200)
    beroep = BeroepField(
        label=_("Beroep"), max_length=200,
        help_text=_("Begin te typen en kies uit de lijst, bijvoorbeeld 'monteur' of 'orderpicker'."),
        widget=forms.TextInput(attrs={
            "list": "beroepen-suggesties", "autocomplete": "off", "hx-get": "/beroepen/zoeken/",
            "hx-trigger": "input changed delay:250ms", "hx-target": "#beroepen-suggesties",
        }),
    )
    omschrijving = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    uren_per_week = forms.IntegerField(
        label=_("Uren per week"), min_value=1, max_value=40,
        error_messages={"min_value": _("Minimaal 1 uur."), "max_value": _("Maximaal 40 uur per week.")},
    )
    contracttype = forms.ChoiceField(label=_("Soort contract"), choices=Vacature._meta.get_field("contracttype").choices)
    postcode = forms.RegexField(**{**POSTCODE, "label": _("Postcode van de werkplek")})
    startdatum = forms.DateField(label=_("Startdatum"), required=False, widget=DatumInput,
                                 validators=[Datumgrens(**STARTDATUM_GRENZEN)],
                                 error_messages={"invalid": _("Vul een geldige datum in.")})
    aantal_posities = forms.IntegerField(label=_("Aantal plaatsen"), min_value=1, max_value=100, initial=1)
    rijbewijs = forms.ChoiceField(label=_("Rijbewijs"), choices=Vacature._meta.get_field("rijbewijs").choices,
                                  required=False)
    taalniveau = forms.ChoiceField(label=_("Taalniveau Nederlands"),
                                   choices=Vacature._meta.get_field("taalniveau").choices, required=False)
    open_voor_proefplaatsing = forms.BooleanField(label=_("Open voor een proefplaatsing (met behoud van uitkering)"),
                                                  required=False, initial=True)

    def __init__(self, *args, bestaand=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.bestaand = bestaand

    def clean_startdatum(self):
        datum = self.cleaned_data.get("startdatum")
        if datum and not self.bestaand and datum < timezone.localdate():
            raise forms.ValidationError(_("De startdatum ligt in het verleden."))
        return datum

    @classmethod
    def initial_van(cls, vacature):
        return {
            "titel": vacature.titel, "beroep": vacature.beroep.naam if vacature.beroep_id else "",
            "omschrijving": vacature.omschrijving, "uren_per_week": vacature.uren_per_week,
            "contracttype": vacature.contracttype, "postcode": vacature.postcode, "startdatum": vacature.startdatum,
            "aantal_posities": vacature.aantal_posities, "rijbewijs": vacature.rijbewijs,
            "taalniveau": vacature.taalniveau, "open_voor_proefplaatsing": vacature.open_voor_proefplaatsing,
        }


class VaardighedenForm(Tekstlimieten, forms.Form):
    vereist = forms.MultipleChoiceField(label=_("Vereiste vaardigheden"), required=False,
                                        widget=Vinkjes,
                                        help_text=_("Zonder deze vaardigheden kan iemand het werk niet doen."))
    gewenst = forms.MultipleChoiceField(label=_("Gewenste vaardigheden"), required=False,
                                        widget=Vinkjes,
                                        help_text=_("Mooi meegenomen, maar niet nodig."))

    def __init__(self, *args, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vereist"].choices = keuzes
        self.fields["gewenst"].choices = keuzes

    def clean(self):
        cleaned = super().clean()
        dubbel = set(cleaned.get("vereist", [])) & set(cleaned.get("gewenst", []))
        if dubbel:
            self.add_error("gewenst", _("Een vaardigheid is vereist óf gewenst, niet allebei."))
        return cleaned


class VacatureStatusForm(Tekstlimieten, forms.Form):
    status = forms.ChoiceField(choices=Vacature.Status.choices)
