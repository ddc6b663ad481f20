import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import collega_keuzes
from beroepen.forms import BeroepField
from klantreis.lib.bestanden import OnveiligBestand, gecontroleerd
from klantreis.lib.forms import (
    HONDERD_JAAR,
    TELEFOON,
    TIEN_JAAR,
    TWEE_JAAR,
    VIJF_JAAR,
    VIJFENTWINTIG_JAAR,
    Datumgrens,
    DatumInput,
    FormuliersleutelField,
    Tekstlimieten,
    Vinkjes,
    datumgrens,
    formuliersleutel_met_inhoud,
    voorwaardelijk_verplicht,
)
from klantreis.lib.uploadlimiet import BESTAND_MAX_BYTES
from werkzoekenden.models import Actie, Contactvoorkeur, DocumentSoort, Kandidaat, SoortContact, Toestemming
from werkzoekenden.selectors import CASELOAD_AANDACHT
from werkzoekenden.services import (
    DOSSIERVELDEN_KLANTMANAGER,
    DOSSIERVELDEN_WERKZOEKENDE,
    ZONDER_CONTACT,
    actie_controleren,
)


class ActieForm(Tekstlimieten, forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Actie
        fields = ["levensdomein", "doel", "omschrijving", "eigenaar", "derde_partij", "uiterlijk", "status", "notitie"]
        widgets = {
            "uiterlijk": DatumInput,
            "eigenaar": forms.RadioSelect,
            "notitie": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "levensdomein": {"required": _("Kies een onderwerp, bijvoorbeeld werk of gezondheid."),
                             "invalid_choice": _("Kies een onderwerp uit de lijst.")},
            "doel": {"required": _("Schrijf op wat je wilt bereiken.")},
            "omschrijving": {"required": _("Schrijf op wat er moet gebeuren.")},
            "eigenaar": {"required": _("Kies wie het doet.")},
            "uiterlijk": {"invalid": _("Vul een geldige datum in.")},
        }

    def __init__(self, *args, medewerker=None, kandidaat=None, **kwargs):
        """The model's words are the werkzoekende's ("Ik", "Mijn contactpersoon", "Wat wil je bereiken?").
        ``medewerker``: the klantmanager filling in the plan of ``kandidaat``; the same stored values, in words from
        their side, and the note says who reads it."""
        super().__init__(*args, **kwargs)
        datumgrens(self, "uiterlijk", vooruit=VIJF_JAAR)
        voorwaardelijk_verplicht(self.fields["derde_partij"], _("Nodig als een andere organisatie het doet."))
        # A required model field with choices gets a blank "---------" choice: a meaningless radio button here.
        self.fields["eigenaar"].choices = [keuze for keuze in self.fields["eigenaar"].choices if keuze[0]]
        if medewerker is None:
            return
        zelf = kandidaat is not None and kandidaat.klantmanager_id == medewerker.pk
        self.fields["eigenaar"].choices = [
            (Actie.Eigenaar.IK, _("De werkzoekende")),
            (Actie.Eigenaar.CONTACTPERSOON, _("Ik (klantmanager)") if zelf else _("De klantmanager")),
            (Actie.Eigenaar.DERDE, _("Een andere organisatie")),
        ]
        self.fields["doel"].label = _("Doel van de werkzoekende")
        self.fields["doel"].help_text = _("Wat wil de werkzoekende bereiken?")
        self.fields["doel"].error_messages["required"] = _("Schrijf op wat de werkzoekende wil bereiken.")
        self.fields["notitie"].help_text = _("De werkzoekende ziet deze notitie ook, in het eigen plan.")

    def clean(self):
        """The service's checks of the whole action as well (the organisation, a day already past): all errors on
        the first submit, not these only after the others were put right."""
        data = super().clean()
        try:
            actie_controleren(data, nieuw=self.instance.pk is None)
        except ValidationError as exc:
            for veld, fouten in exc.message_dict.items():
                if veld not in self.errors:
                    self.add_error(veld, fouten)
        return data


class EvaluatieForm(Tekstlimieten, forms.Form):
    # Like an action's deadline (ActieForm): today or later, at most five years ahead.
    evaluatiedatum = forms.DateField(label=_("Volgende evaluatie van het plan"), widget=DatumInput, required=False,
                                     validators=[Datumgrens(niet_voorbij=True, vooruit=VIJF_JAAR)],
                                     error_messages={"invalid": _("Vul een geldige datum in.")})


class ToestemmingForm(Tekstlimieten, forms.Form):
    doel = forms.ChoiceField(label=_("Waarvoor geef je toestemming?"), widget=forms.RadioSelect, choices=[
        ("werkgever", _("Mijn cv en profiel delen met een werkgever")),
        ("derde", _("Mijn gegevens delen met een andere organisatie (bijvoorbeeld schuldhulp of WMO)")),
        ("vindbaar", _("Zonder naam vindbaar zijn voor accountmanagers in mijn regio")),
    ])
    # Chosen from the werkgevers a search by name finds (``toon_werkgevers``), never from a list of the whole region:
    # a region's relatiebeheer holds thousands (20,000 made the page 1.2 MB). Any werkgever of the region is valid.
    werkgever = forms.ModelChoiceField(
        label=_("Met welke werkgever?"), queryset=None, required=False, widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een werkgever uit de zoekresultaten.")})
    derde_partij = forms.CharField(label=_("Met welke organisatie?"), max_length=200, required=False)

    wijze = forms.ChoiceField(label=_("Hoe gaf de werkzoekende toestemming?"), required=False, choices=[
        ("", "---------"), *[(w, l) for w, l in Toestemming.Wijze.choices if w != Toestemming.Wijze.PORTAAL]])
    gegeven_op = forms.DateField(label=_("Op welke dag?"), required=False, widget=DatumInput,
                                 error_messages={"invalid": _("Vul een geldige datum in.")})

    def __init__(self, *args, werkgevers, namens=None, **kwargs):
        """``namens``: the kandidaat, when a klantmanager records what the werkzoekende said. ``werkgevers``: those
        that may be chosen (the region's); the form shows only those given to ``toon_werkgevers``."""
        super().__init__(*args, **kwargs)
        self.fields["werkgever"].queryset = werkgevers
        self.toon_werkgevers([])
        voorwaardelijk_verplicht(self.fields["werkgever"], _("Nodig bij delen met een werkgever."))
        voorwaardelijk_verplicht(self.fields["derde_partij"], _("Nodig bij delen met een andere organisatie."))
        if namens is None:
            del self.fields["wijze"], self.fields["gegeven_op"]
        else:
            self.fields["wijze"].required = self.fields["gegeven_op"].required = True
            self.fields["doel"].label = _("Waarvoor gaf %(naam)s toestemming?") % {"naam": namens.voornaam}
            self.fields["wijze"].label = _("Hoe gaf %(naam)s toestemming?") % {"naam": namens.voornaam}
            self.fields["doel"].choices = [
                ("werkgever", _("Cv en profiel delen met een werkgever")),
                ("derde", _("Gegevens delen met een andere organisatie")),
                ("vindbaar", _("Zonder naam vindbaar voor accountmanagers in de regio")),
            ]

    def toon_werkgevers(self, werkgevers):
        """The werkgevers to choose from on the page: a search's results, and the one already chosen."""
        self.fields["werkgever"].widget.choices = [(w.pk, f"{w.naam}, {w.gemeente}") for w in werkgevers]


MAX_CV_BYTES = BESTAND_MAX_BYTES


class CvForm(Tekstlimieten, forms.Form):
    """The cv as it is stored: a pdf rewritten without scripts, actions and attachments, or a checked docx.

    ``te_groot``: the upload handler stopped reading because the body passed the limit."""

    cv = forms.FileField(label=_("Kies je cv (pdf of Word, hooguit 10 MB)"),
                         error_messages={"required": _("Kies eerst een bestand."),
                                         "empty": _("Dit bestand is leeg.")})
    formuliersleutel = FormuliersleutelField()

    def __init__(self, *args, te_groot=False, namens=None, **kwargs):
        """``namens``: the kandidaat, when a klantmanager uploads the cv for them."""
        super().__init__(*args, **kwargs)
        self.te_groot = te_groot
        if namens is not None:
            self.fields["cv"].label = _("Kies het cv van %(naam)s (pdf of Word, hooguit 10 MB)") % {
                "naam": namens.voornaam}
        self.fields["cv"].widget.attrs.update({
            "data-max-bytes": MAX_CV_BYTES,
            "data-te-groot": _("Dit bestand is groter dan 10 MB. Kies een kleiner bestand, bijvoorbeeld je cv "
                               "opgeslagen als pdf zonder grote foto's.")})

    def clean(self):
        if self.te_groot:
            self.errors.pop("cv", None)
            self.add_error("cv", self.fields["cv"].widget.attrs["data-te-groot"])
        data = super().clean()
        formuliersleutel_met_inhoud(self, data)  # the same page with the same file again is one cv
        return data

    def clean_cv(self):
        bestand = self.cleaned_data["cv"]
        if bestand.size > MAX_CV_BYTES:
            raise forms.ValidationError(_("Dit bestand is %(mb)s MB. Een cv mag hooguit 10 MB zijn.")
                                        % {"mb": round(bestand.size / 1024 / 1024, 1)})
        return gecontroleerd_bestand(bestand)


def gecontroleerd_bestand(bestand, *, cv=True):
    """The checked upload (``klantreis.lib.bestanden.gecontroleerd``) for the cv and every other document: a
    document may also be a photo (a diploma or a letter taken with a phone), stored as a pdf; a cv may not.
    ``cv``: the message about a wrong kind of file speaks of the cv, else of the document."""
    if cv:
        fout = _("Dit is geen pdf- of Word-bestand (.docx). Sla je cv op als pdf en probeer het opnieuw.")
    else:
        fout = _("Dit is geen pdf, Word-bestand (.docx) of foto (jpg, png). Sla het document op als pdf en "
                 "probeer het opnieuw.")
    try:
        return gecontroleerd(bestand, fout_soort=fout, foto=not cv)
    except OnveiligBestand as exc:
        raise forms.ValidationError(str(exc)) from exc


class DocumentForm(Tekstlimieten, forms.Form):
    """A diploma, certificaat, motivatiebrief, referentie or other document; checked like the cv.

    ``zelf``: the werkzoekende uploads (and decides at once whether it may go along with a voordracht)."""

    soort = forms.ChoiceField(label=_("Wat voor document is het?"), choices=[("", "---------"),
                                                                              *DocumentSoort.choices],
                              error_messages={"required": _("Kies wat voor document het is.")},
                              help_text=_("Een certificaat is bijvoorbeeld VCA of een heftruckcertificaat."))
    titel = forms.CharField(label=_("Naam van het document"), max_length=150, required=False,
                            help_text=_("Bijvoorbeeld: VCA basis, heftruckcertificaat, diploma mbo 2."))
    bestand = forms.FileField(label=_("Kies het bestand (pdf, Word of een foto, hooguit 10 MB)"),
                              error_messages={"required": _("Kies eerst een bestand."),
                                              "empty": _("Dit bestand is leeg.")})
    verloopt_op = forms.DateField(label=_("Verloopt op (alleen bij een certificaat)"), required=False,
                                  widget=DatumInput, error_messages={"invalid": _("Vul een geldige datum in.")},
                                  validators=[Datumgrens(vooruit=VIJFENTWINTIG_JAAR, terug=HONDERD_JAAR)],
                                  help_text=_("Dan krijg je een paar weken ervoor een melding."))
    delen_met_werkgever = forms.BooleanField(
        label=_("Dit document mag mee als je wordt voorgedragen bij een werkgever"), required=False,
        help_text=_("Alleen bij werkgevers waarvoor je toestemming gaf. Je kunt dit later weer uitzetten."))
    formuliersleutel = FormuliersleutelField()

    def __init__(self, *args, zelf=True, te_groot=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.te_groot = te_groot
        if not zelf:
            # Sharing is the werkzoekende's own choice, never the klantmanager's.
            del self.fields["delen_met_werkgever"]
        self.fields["bestand"].widget.attrs.update({
            "data-max-bytes": MAX_CV_BYTES,
            "data-te-groot": _("Dit bestand is groter dan 10 MB. Kies een kleiner bestand, bijvoorbeeld opgeslagen "
                               "als pdf zonder grote foto's.")})

    def clean(self):
        if self.te_groot:
            self.errors.pop("bestand", None)
            self.add_error("bestand", self.fields["bestand"].widget.attrs["data-te-groot"])
        data = super().clean()
        formuliersleutel_met_inhoud(self, data)
        return data

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_CV_BYTES:
            raise forms.ValidationError(_("Dit bestand is %(mb)s MB. Een document mag hooguit 10 MB zijn.")
                                        % {"mb": round(bestand.size / 1024 / 1024, 1)})
        return gecontroleerd_bestand(bestand, cv=False)


RIJBEWIJS_KEUZES = [("", _("Geen")), ("B", _("B (auto)")), ("C", _("C (vrachtwagen)")), ("BE", _("BE (aanhanger)"))]
CONTRACT_KEUZES = [("", _("Maakt niet uit")), ("tijdelijk", _("Tijdelijk")), ("vast", _("Vast")),
                   ("uitzend", _("Uitzendwerk")), ("werkervaring", _("Werkervaringsplaats"))]


def _dossier_form(velden):
    class Form(Tekstlimieten, forms.ModelForm):
        rijbewijs = forms.ChoiceField(label=_("Rijbewijs"), choices=RIJBEWIJS_KEUZES, required=False)
        gewenst_contracttype = forms.ChoiceField(label=_("Gewenst soort contract"), choices=CONTRACT_KEUZES,
                                                 required=False)

        class Meta:
            model = Kandidaat
            fields = list(velden)
            widgets = {
                "samenvatting": forms.Textarea(attrs={"rows": 3}),
                "werkervaring": forms.Textarea(attrs={"rows": 4}),
                "beschikbaar_per": DatumInput, "doelgroepregister_van": DatumInput,
                "doelgroepregister_tot": DatumInput, "laatste_contact_op": DatumInput,
                "contactvoorkeur": forms.RadioSelect, "soort_contact": forms.RadioSelect,
            }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for veld, (laagst, hoogst) in GRENZEN.items():
                if veld in self.fields:
                    self.fields[veld].widget.attrs.update(min=laagst, max=hoogst)
                    # Below zero the field's own validator (a positive number) spoke first, in Django's words.
                    tekst = GRENS_TEKST[veld] % {"laagst": laagst, "hoogst": hoogst}
                    self.fields[veld].error_messages.update(min_value=tekst, max_value=tekst)
            # Not "(niet verplicht)": ``clean`` asks for it with appen or bellen.
            if "voornaam" in self.fields and "soort_contact" in self.fields:  # the klantmanager's form
                self.fields["soort_contact"].choices = SoortContact.keuzes_voor_medewerker()
            if "voornaam" in self.fields and "contactvoorkeur" in self.fields:
                # The model's words are the werkzoekende's ("Hoe wil je bereikt worden"): asked of her klantmanager.
                self.fields["contactvoorkeur"].label = _("Hoe wil de werkzoekende bereikt worden")
            voorwaardelijk_verplicht(self.fields["telefoon"], _("Nodig als je wilt appen of gebeld worden.")
                                     if "voornaam" not in self.fields
                                     else _("Nodig als de werkzoekende wil appen of gebeld worden."))

        # What was already stored is never refused (an import, older data); only what someone types now: one check
        # per changed field, against its bounds.
        def clean(self):
            gegevens = super().clean()
            for veld in self.changed_data:
                waarde = gegevens.get(veld)
                if waarde in (None, ""):
                    continue
                if veld in DATUMGRENZEN:
                    try:
                        Datumgrens(**DATUMGRENZEN[veld])(waarde)
                    except forms.ValidationError as fout:
                        self.add_error(veld, fout)
                elif veld in GRENZEN and not GRENZEN[veld][0] <= waarde <= GRENZEN[veld][1]:
                    laagst, hoogst = GRENZEN[veld]
                    self.add_error(veld, GRENS_TEKST[veld] % {"laagst": laagst, "hoogst": hoogst})
                elif veld == "telefoon" and not TELEFOON_RE.match(waarde):
                    self.add_error(veld, TELEFOON["error_messages"]["invalid"])
            # "Hoe wil je bereikt worden: appen" with no number: nobody can reach them the way they asked.
            if {"telefoon", "contactvoorkeur"} & set(self.changed_data) and not gegevens.get("telefoon") \
                    and gegevens.get("contactvoorkeur") in (Contactvoorkeur.APP, Contactvoorkeur.BELLEN) \
                    and "telefoon" not in self.errors:
                self.add_error("telefoon", _("Zonder telefoonnummer kan niemand appen of bellen. Vul een "
                                             "telefoonnummer in, of kies mailen."))
            return gegevens

    return Form


DATUMGRENZEN = {
    "beschikbaar_per": {"vooruit": TWEE_JAAR, "terug": TIEN_JAAR},
    "doelgroepregister_van": {"niet_later": True, "terug": VIJFENTWINTIG_JAAR},
    "doelgroepregister_tot": {"vooruit": VIJFENTWINTIG_JAAR, "terug": VIJFENTWINTIG_JAAR},
    "laatste_contact_op": {"niet_later": True, "terug": TIEN_JAAR},
}
# Hours a week (the law allows at most 60 in one week) and a distance within the Netherlands.
GRENZEN = {"gewenste_uren": (1, 60), "max_reisafstand_km": (1, 300)}
GRENS_TEKST = {"gewenste_uren": _("Vul een aantal uren per week in van %(laagst)s tot en met %(hoogst)s."),
               "max_reisafstand_km": _("Vul een reisafstand in van %(laagst)s tot en met %(hoogst)s km.")}
TELEFOON_RE = re.compile(TELEFOON["regex"])  # the rule of every phone field (klantreis.lib.forms)


def dossier_form(rol):
    return _dossier_form(DOSSIERVELDEN_WERKZOEKENDE if rol == "werkzoekende" else DOSSIERVELDEN_KLANTMANAGER)


class NieuwDossierForm(Tekstlimieten, forms.Form):
    voornaam = forms.CharField(label=_("Voornaam"), max_length=100)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"), required=False,
                             error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")})
    telefoon = forms.RegexField(label=_("Telefoonnummer"), regex=r"^\+?[0-9 ()-]{10,20}$", required=False,
                                error_messages={"invalid": _("Vul een telefoonnummer in met 10 cijfers.")})
    postcode = forms.RegexField(label=_("Postcode"), regex=r"^\s*[1-9]\d{3}\s?[A-Za-z]{2}\s*$",
                                error_messages={"invalid": _("Vul een postcode in zoals 1234 AB.")})
    uitkering = forms.ChoiceField(label=_("Uitkering"), choices=Kandidaat.Uitkering.choices)
    werkfit = forms.BooleanField(label=_("Werkfit: kan nu aan het werk"), required=False, initial=True)
    buiten_regio_bevestigd = forms.BooleanField(
        label=_("De postcode klopt: maak het dossier toch aan (daarna draag ik het over aan die regio)"), required=False)
    formuliersleutel = FormuliersleutelField()

    def __init__(self, *args, buiten_regio=False, **kwargs):
        """``buiten_regio``: the postcode lies outside the klantmanager's region; ask to confirm."""
        super().__init__(*args, **kwargs)
        if not buiten_regio:
            del self.fields["buiten_regio_bevestigd"]

    def clean(self):
        data = super().clean()
        # Asked before the region: the service refuses it too (services.dossier_aanmaken).
        if not data.get("telefoon") and not data.get("email") and not self.has_error("telefoon") \
                and not self.has_error("email"):
            self.add_error("telefoon", ZONDER_CONTACT)
        formuliersleutel_met_inhoud(self, data)
        return data


def ontvanger_keuzes(klantmanagers):
    """``collega_keuzes`` for who receives dossiers: one who is away says so, with the colleague covering her caseload
    (the selectors of the receivers read both). The dossiers may go to her all the same, but that colleague makes the
    first contact until she is back."""
    waarnemers = {k.pk: k.waarnemer for k in klantmanagers if k.waarnemer_id is not None
                  and k.waarnemer.is_active and k.waarnemer.organisatie_id == k.organisatie_id}
    return [(pk, _("%(collega)s (afwezig: %(waarnemer)s neemt waar)") % {
        "collega": naam, "waarnemer": waarnemers[pk].get_full_name()} if pk in waarnemers else naam)
        for pk, naam in collega_keuzes(klantmanagers)]


class OverdrachtForm(Tekstlimieten, forms.Form):
    # Chosen from what a search by name finds (``toon_klantmanagers``), never from a list of everyone who may
    # receive the dossier: at national volume a region has a thousand klantmanagers (a 54 kB <select>).
    naar = forms.ModelChoiceField(
        label=_("Nieuwe klantmanager"), queryset=None, widget=forms.RadioSelect,
        error_messages={"required": _("Zoek je collega op naam en kies wie het dossier overneemt."),
                        "invalid_choice": _("Kies een klantmanager uit de zoekresultaten.")})
    notitie = forms.CharField(label=_("Overdrachtsnotitie"), widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Wat moet je collega weten? Het plan en de geschiedenis gaan mee."),
                              error_messages={"required": _("Schrijf een overdrachtsnotitie: wat moet je collega "
                                                            "weten? Die leest het voordat die contact opneemt.")})
    uitkering = forms.ChoiceField(
        label=_("Uitkering na de overdracht"), required=False,
        choices=[("", _("Blijft zoals hij is")), *Kandidaat.Uitkering.choices],
        help_text=_("Bijvoorbeeld: de WW eindigt en de bijstand begint."))

    def __init__(self, *args, ontvangers, **kwargs):
        """``ontvangers``: who may receive the dossier (``selectors.ontvangers_van_overdracht``); the form shows only
        those given to ``toon_klantmanagers``."""
        super().__init__(*args, **kwargs)
        self.fields["naar"].queryset = ontvangers
        self.toon_klantmanagers([])

    def toon_klantmanagers(self, klantmanagers):
        """The klantmanagers to choose from on the page: a search's results, and the one already chosen."""
        self.fields["naar"].widget.choices = ontvanger_keuzes(klantmanagers)


class CaseloadOverdragenForm(Tekstlimieten, forms.Form):
    """A whole caseload: the colleagues who take the dossiers (found by a search, as for the warme overdracht), and
    one note that goes with every dossier."""

    ontvangers = forms.ModelMultipleChoiceField(
        label=_("Collega's die de dossiers overnemen"), queryset=None, widget=Vinkjes,
        help_text=_("Kies er één om alles aan één collega te geven, of meer om de dossiers gelijk te verdelen."),
        error_messages={"required": _("Kies minstens één collega die dossiers overneemt."),
                        "invalid_choice": _("Kies collega's uit de zoekresultaten."),
                        "invalid_pk_value": _("Kies collega's uit de zoekresultaten.")})
    notitie = forms.CharField(
        label=_("Overdrachtsnotitie"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Gaat mee met elk dossier. Bijvoorbeeld: waarom de caseload overgaat, en wat in het team "
                    "is afgesproken. Het plan en de geschiedenis van elk dossier gaan zelf mee."),
        error_messages={"required": _("Schrijf een overdrachtsnotitie: wat moeten de collega's weten? Die gaat mee "
                                      "met elk dossier.")})

    def __init__(self, *args, ontvangers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ontvangers"].queryset = ontvangers
        self.toon_klantmanagers([])

    def toon_klantmanagers(self, klantmanagers):
        self.fields["ontvangers"].widget.choices = ontvanger_keuzes(klantmanagers)


class DossierToegangForm(Tekstlimieten, forms.Form):
    """A colleague, why and until when; how and when the werkzoekende said yes when the colleague works at another
    organisation (the service checks that rule: it knows both organisations)."""

    klantmanager = forms.ModelChoiceField(
        label=_("Collega"), queryset=None, widget=forms.RadioSelect,
        error_messages={"required": _("Zoek je collega op naam en kies wie toegang krijgt."),
                        "invalid_choice": _("Kies een klantmanager uit de zoekresultaten.")})
    reden = forms.CharField(label=_("Waarom?"), max_length=200,
                            help_text=_("Kort, bijvoorbeeld: neemt waar tijdens mijn verlof, of: helpt met "
                                        "schulden. De werkzoekende leest dit."),
                            error_messages={"required": _("Schrijf kort waarom je collega toegang krijgt.")})
    tot = forms.DateField(label=_("Tot en met"), widget=DatumInput,
                          help_text=_("Hoogstens 3 maanden. Daarna kan je collega het dossier niet meer openen."),
                          error_messages={"required": _("Kies tot wanneer je collega toegang heeft."),
                                          "invalid": _("Vul een geldige datum in.")})
    wijze = forms.ChoiceField(label=_("Hoe gaf de werkzoekende toestemming?"), required=False, choices=[
        ("", "---------"), *[(w, label) for w, label in Toestemming.Wijze.choices if w != Toestemming.Wijze.PORTAAL]])
    gegeven_op = forms.DateField(label=_("Op welke dag?"), required=False, widget=DatumInput,
                                 error_messages={"invalid": _("Vul een geldige datum in.")})

    def __init__(self, *args, collegas, kandidaat, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["klantmanager"].queryset = collegas
        self.toon_klantmanagers([])
        naam = kandidaat.voornaam
        self.fields["wijze"].label = _("Hoe gaf %(naam)s toestemming?") % {"naam": naam}
        voorwaardelijk_verplicht(self.fields["wijze"], _("Alleen nodig bij een collega van een andere organisatie."))
        voorwaardelijk_verplicht(self.fields["gegeven_op"],
                                 _("Alleen nodig bij een collega van een andere organisatie."))

    def toon_klantmanagers(self, klantmanagers):
        self.fields["klantmanager"].widget.choices = collega_keuzes(klantmanagers)


class CaseloadFilterForm(Tekstlimieten, forms.Form):
    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=100)
    # Open dossiers first: a closed one is there to look up or to open again (werkzoekenden.selectors._keuze).
    status = forms.ChoiceField(label=_("Dossiers"), required=False, choices=[
        ("", _("Open dossiers")), ("afgesloten", _("Afgesloten dossiers"))])
    uitkering = forms.ChoiceField(label=_("Uitkering"), required=False, choices=[("", _("Alle")), *Kandidaat.Uitkering.choices])
    werkfit = forms.ChoiceField(label=_("Werkfit"), required=False,
                                choices=[("", _("Alle")), ("ja", _("Ja")), ("nee", _("Nee"))])
    soort_contact = forms.ChoiceField(label=_("Soort contact"), required=False,
                                      choices=[("", _("Alle")), *SoortContact.keuzes_voor_medewerker()])
    aandacht = forms.ChoiceField(label=_("Aandacht nodig"), required=False, choices=[
        ("", _("Alle")), ("alle", _("Vraagt aandacht (een van deze)")), ("acties", _("Acties over datum")), ("evaluatie", _("Evaluatie plan nodig")),
        ("contact", _("Langer dan 30 dagen geen contact"))])
    sorteer = forms.ChoiceField(label=_("Sorteren op"), required=False, choices=[
        ("naam", _("Naam")), ("contact", _("Laatste contact (oudste eerst)")), ("evaluatie", _("Evaluatiedatum"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filters registered by apps above (see selectors.CASELOAD_AANDACHT).
        self.fields["aandacht"].choices = [*self.fields["aandacht"].choices,
                                           *[(naam, label) for naam, (label, _k, _v) in CASELOAD_AANDACHT.items()]]
        if self.is_bound and self.data.get("status") == "afgesloten" and self.data.get("aandacht"):
            # A closed dossier asks for nothing (the list ignores the filter): the form does not show it as chosen.
            self.data = self.data.copy()
            self.data["aandacht"] = ""


class GewenstBeroepForm(Tekstlimieten, forms.Form):
    beroep = BeroepField(
        label=_("Beroep dat je zoekt"), max_length=200,
        help_text=_("Begin te typen en kies uit de lijst. Ook iets nieuws mag: niet alleen je oude vak."),
        widget=forms.TextInput(attrs={"list": "beroepen-suggesties", "autocomplete": "off",
                                      "hx-get": "/beroepen/zoeken/", "hx-trigger": "input changed delay:250ms",
                                      "hx-target": "#beroepen-suggesties"}))

    def __init__(self, *args, medewerker=False, **kwargs):
        """``medewerker``: the klantmanager fills it in for the werkzoekende; the words from her side."""
        super().__init__(*args, **kwargs)
        if medewerker:
            self.fields["beroep"].label = _("Beroep dat de werkzoekende zoekt")
            self.fields["beroep"].help_text = _("Begin te typen en kies uit de lijst. Ook iets nieuws mag: niet "
                                                "alleen het oude vak.")


class VaardighedenKandidaatForm(Tekstlimieten, forms.Form):
    vaardigheden = forms.MultipleChoiceField(label=_("Wat kun je?"), required=False,
                                             widget=Vinkjes)

    def __init__(self, *args, keuzes, medewerker=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vaardigheden"].choices = keuzes
        if medewerker:
            self.fields["vaardigheden"].label = _("Wat kan de werkzoekende?")
