"""Form fields and widgets shared by every app's forms."""

import datetime
import hashlib
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from klantreis.lib import datums
from klantreis.lib.bestanden import OnveiligBestand, gecontroleerd
from klantreis.lib.formweergave import attributen, attribuut, tekst
from klantreis.lib.namen import naamvorm
from klantreis.lib.spreadsheet import is_formule

KVK = forms.RegexField(
    label=_("KvK-nummer"), regex=r"^\d{8}$",
    error_messages={"invalid": _("Een KvK-nummer bestaat uit precies 8 cijfers, zoals 12345678.")},
)
POSTCODE = dict(
    label=_("Postcode"), regex=r"^\s*[1-9]\d{3}\s?[A-Za-z]{2}\s*$", max_length=8,
    error_messages={"invalid": _("Vul een postcode in zoals 1234 AB.")},
)
TELEFOON = dict(
    # Ten digits (06 12345678, 026 3123456) or an international number: 10-15 digits among spaces, dashes and brackets.
    regex=r"^\+?(?:[ ()-]*[0-9]){10,15}[ ()-]*$",
    error_messages={"invalid": _("Vul een telefoonnummer in met 10 cijfers, zoals 06 12345678 of 026 1234567.")},
)
EMAIL_FOUT = {"invalid": _("Vul een geldig e-mailadres in, zoals naam@bedrijf.nl.")}
TELEFOON_LENGTE = 20  # the columns that store a phone number


class TelefoonField(forms.RegexField):
    """A phone number (``TELEFOON``) as it is stored: a run of spaces and dashes becomes one ("06 - 12 - 34 - 56 - 78"
    is "06-12-34-56-78"), so a number the rule allows fits its column; what is still longer is refused with a
    message, never cut off or a database error. The field shows what was typed, with no ``maxlength`` that would stop
    the typing halfway."""

    def __init__(self, **kwargs):
        kwargs = {**TELEFOON, **kwargs}
        kwargs["error_messages"] = {**TELEFOON["error_messages"], **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)
        self.validators.append(self._past)

    @staticmethod
    def _past(waarde):
        if len(waarde) > TELEFOON_LENGTE:
            raise ValidationError(_("Dit telefoonnummer is te lang. Vul het in met minder spaties, streepjes of "
                                    "haakjes, zoals 06 12345678."), code="telefoon_te_lang")

    def to_python(self, value):
        waarde = super().to_python(value)
        return re.sub(r"[ -]+", lambda m: "-" if "-" in m.group() else " ", waarde)


class FormuliersleutelField(forms.Field):
    """A hidden one-time key of a form that creates a row: a fresh one each time the form is shown, the posted one
    kept when the form comes back with an error. The service stores it on the row it makes, so the same page sent
    again (a double tap, the back button and the button again) finds that row instead of making a second, while a
    new visit to the form is a new key and a real second entry with the same content is kept. A missing or mangled
    key (a page open since before the key existed, a script) is None: stored, just not deduplicated. Every page is
    no-store, so the back button fetches the form anew; ``static/js/formuliersleutel.js`` puts back the key that
    history entry was sent with."""

    widget = forms.HiddenInput(attrs={"data-formuliersleutel": True})

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)

    def to_python(self, value):
        try:
            return uuid.UUID(str(value).strip()) if value else None
        except ValueError:
            return None


def formuliersleutel_met_inhoud(form, cleaned, veld="formuliersleutel"):
    """Call from ``form.clean()``: the stored key becomes the posted one joined with what was sent (every other field,
    and of an upload its bytes as sent). The same page sent again unchanged is the same key (one row). The back
    button, something changed (another werkgever, another file, "mag mee" ticked) and sent again is a new entry:
    ``formuliersleutel.js`` puts the page's key back, and without this the change was swallowed while the page said
    it was saved. The upload's own bytes, not the stored file: a photo is stored as a pdf with the moment it was
    made in it."""
    sleutel = cleaned.get(veld)
    if sleutel is None:
        return
    delen = []
    for naam in sorted(form.fields):
        if naam == veld:
            continue
        if isinstance(form.fields[naam], forms.FileField):
            upload, inhoud = form.files.get(form.add_prefix(naam)), hashlib.sha256()
            if upload is not None:
                for stuk in upload.chunks():
                    inhoud.update(stuk)
                upload.seek(0)
            delen.append(inhoud.hexdigest() if upload is not None else "")
        else:
            delen.append(repr(cleaned.get(naam)))
    cleaned[veld] = uuid.uuid5(sleutel, "\x1f".join(delen))


JA_NEE_ONBEKEND = forms.NullBooleanSelect


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TijdInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


@dataclass(frozen=True)
class Termijn:
    """A stretch of time from today, with how a sentence names it ("een jaar")."""

    tekst: str | Promise
    jaren: int = 0
    dagen: int = 0

    def vanaf(self, dag: datetime.date, richting: int = 1) -> datetime.date:
        jaar = dag.year + richting * self.jaren
        try:
            dag = dag.replace(year=jaar)
        except ValueError:  # 29 February in a year without it
            dag = dag.replace(year=jaar, day=28)
        return dag + richting * datetime.timedelta(days=self.dagen)


# A gesprek or an afspraak: as far as the agenda's "Wat komt er" looks ahead (agenda.views, 365 days).
EEN_JAAR = Termijn(_("een jaar"), dagen=365)
TWEE_JAAR = Termijn(_("twee jaar"), jaren=2)
VIJF_JAAR = Termijn(_("vijf jaar"), jaren=5)
TIEN_JAAR = Termijn(_("tien jaar"), jaren=10)
VIJFENTWINTIG_JAAR = Termijn(_("25 jaar"), jaren=25)
HONDERD_JAAR = Termijn(_("100 jaar"), jaren=100)

TE_VER_VOORUIT = _("Deze datum ligt meer dan %(termijn)s vooruit. Klopt het jaartal?")
TE_VER_TERUG = _("Deze datum ligt meer dan %(termijn)s terug. Klopt het jaartal?")
AL_VOORBIJ = _("Deze datum is al voorbij. Kies vandaag of later.")
IN_DE_TOEKOMST = _("Deze datum ligt in de toekomst. Kies vandaag of eerder.")


class Datumgrens:
    """Validator for a date a person types (``DateField(validators=[Datumgrens(vooruit=EEN_JAAR)])``): a slip
    in the year (2999, 9999, 0202) is refused with a Dutch message and the form shows what was typed.
    ``vooruit``/``terug``: how far from today the date may lie; ``niet_voorbij``: today or later;
    ``niet_later``: today or earlier (something that happened). Today is read when the form is checked, never when
    the module loads."""

    def __init__(self, *, vooruit: Termijn | None = None, terug: Termijn | None = None, niet_voorbij=False,
                 niet_later=False):
        self.vooruit, self.terug, self.niet_voorbij, self.niet_later = vooruit, terug, niet_voorbij, niet_later

    def __call__(self, waarde):
        if not isinstance(waarde, datetime.date):
            return
        if isinstance(waarde, datetime.datetime):
            waarde = timezone.localtime(waarde).date() if timezone.is_aware(waarde) else waarde.date()
        vandaag = timezone.localdate()
        if self.niet_voorbij and waarde < vandaag:
            raise ValidationError(AL_VOORBIJ, code="voorbij")
        if self.niet_later and waarde > vandaag:
            raise ValidationError(IN_DE_TOEKOMST, code="toekomst")
        if self.vooruit is not None and waarde > self.vooruit.vanaf(vandaag):
            raise ValidationError(TE_VER_VOORUIT, code="te_ver_vooruit", params={"termijn": self.vooruit.tekst})
        if self.terug is not None and waarde < self.terug.vanaf(vandaag, -1):
            raise ValidationError(TE_VER_TERUG, code="te_ver_terug", params={"termijn": self.terug.tekst})

    def __eq__(self, other):
        return isinstance(other, Datumgrens) and vars(self) == vars(other)

    def __hash__(self):
        return hash((self.vooruit, self.terug, self.niet_voorbij, self.niet_later))


def datumgrens(form, veld, **grenzen):
    """Add a ``Datumgrens`` to a field of a form (a ModelForm's date field comes from the model)."""
    if veld in form.fields:
        form.fields[veld].validators.append(Datumgrens(**grenzen))


NOTITIE_MAX = 5000  # a note, a question, a motivation: a few paragraphs
REGEL_MAX = 200  # a one-line text without a limit of its own
TE_LANG = _("Gebruik hoogstens %(limit_value)d tekens; dit zijn er %(show_value)d. De tekst staat er nog: "
            "maak hem wat korter.")
# A number out of range, said as the other fields say what is wrong (not Django's "Zorg ervoor dat deze waarde
# minstens 15 is."); a field's own message (uren: "Maximaal 40 uur per week.") goes first.


class Getalmelding:
    """A message about a number (``%(limit_value)s``) that writes the number as the reader's language does when it is
    shown: "Vul hoogstens 1.000.000 in.", "Enter at most 1,000,000." (Django fills in the bare 1000000)."""

    def __init__(self, sjabloon):
        self.sjabloon = sjabloon

    def __mod__(self, params):
        return self.sjabloon % {
            naam: number_format(waarde, force_grouping=True)
            if isinstance(waarde, int | float | Decimal) and not isinstance(waarde, bool) else waarde
            for naam, waarde in params.items()}

    def __str__(self):
        return str(self.sjabloon)


GETAL_MINSTENS = Getalmelding(_("Vul minstens %(limit_value)s in."))
GETAL_HOOGSTENS = Getalmelding(_("Vul hoogstens %(limit_value)s in."))


class Tekstlimieten:
    """Mixin for every form: each free-text field gets a maximum length (``NOTITIE_MAX`` for a textarea,
    ``REGEL_MAX`` for a line, unless the field has its own) and a Dutch message when it is exceeded; a number field
    plain messages for too small and too large. The form
    is shown again with everything that was typed, so nothing is lost. (A NUL character never reaches a form:
    ``klantreis.lib.middleware.GeenNulTekensMiddleware`` answers 400 first.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in self.fields.values():
            if isinstance(veld, forms.IntegerField):
                veld.error_messages.setdefault("min_value", GETAL_MINSTENS)
                veld.error_messages.setdefault("max_value", GETAL_HOOGSTENS)
            if not isinstance(veld, forms.CharField):
                continue
            if veld.max_length is None:
                veld.max_length = NOTITIE_MAX if isinstance(veld.widget, forms.Textarea) else REGEL_MAX
                veld.validators.append(MaxLengthValidator(veld.max_length))
                if not isinstance(veld.widget, forms.Textarea):
                    veld.widget.attrs.setdefault("maxlength", str(veld.max_length))
            veld.error_messages["max_length"] = TE_LANG
            # A textarea with maxlength silently cuts a pasted text; the message above says it instead.
            if isinstance(veld.widget, forms.Textarea):
                veld.widget.attrs.pop("maxlength", None)


class TochPlannen(forms.Form):
    """Mixin for a form that plans or moves an afspraak: a time at which someone taking part is busy already is
    planned only once "Toch plannen" is ticked for exactly those clashes. ``botsing`` carries a digest of the
    warnings that were shown, so another time with other clashes asks again. Both fields stay hidden until a clash
    is shown (``bevestigd``)."""

    toch_plannen = forms.BooleanField(label=_("Toch plannen"), required=False, widget=forms.HiddenInput)
    botsing = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    botsingen = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for naam in ("toch_plannen", "botsing"):  # last, next to the button
            self.fields[naam] = self.fields.pop(naam)

    def bevestigd(self, botsingen, *, u=False) -> bool:
        """True when there is nothing in the way, or "Toch plannen" was ticked for these ``botsingen`` (the warnings,
        as the reader reads them). Else the form keeps them for the page (``self.botsingen``) and shows the
        checkbox, unticked, with help in "je" or ``u``."""
        if not botsingen:
            return True
        sleutel = hashlib.sha256("\n".join(map(str, botsingen)).encode()).hexdigest()[:32]
        if self.cleaned_data.get("toch_plannen") and self.cleaned_data.get("botsing") == sleutel:
            return True
        self.botsingen = list(botsingen)
        veld = self.fields["toch_plannen"]
        veld.widget = forms.CheckboxInput()
        veld.help_text = (_("Vink dit aan als u het toch op dit moment wilt plannen.") if u
                          else _("Vink dit aan als je het toch op dit moment wilt plannen."))
        self.data = self.data.copy()
        self.data["botsing"], self.data["toch_plannen"] = sleutel, ""
        self._bound_fields_cache.pop("toch_plannen", None)  # bound while cleaning, with the hidden field's help
        return False


KEER = [(datums.ZOMERTIJD, _("De eerste keer: nog zomertijd")),
        (datums.WINTERTIJD, _("De tweede keer: een uur later, al wintertijd"))]


class _KeerField(forms.ChoiceField):
    """A value that is not one of the two (a mangled or hand-made post) is no choice: asked again with the question's
    own message where the time is there twice, and of no concern on any other day. As an error it sat on a field
    that is hidden there, which nobody could see or change."""

    def to_python(self, value):
        waarde = super().to_python(value)
        return waarde if self.valid_value(waarde) else ""


def keerveld(label):
    """"Welke keer?" for a time of the day (``Klokvragen``): hidden until the time is one that is there twice, and then
    asked (``klok_controleren``), so never marked "(niet verplicht)"."""
    veld = _KeerField(label=label, choices=KEER, required=False, widget=forms.HiddenInput)
    voorwaardelijk_verplicht(veld)
    return veld


class Klokvragen:
    """Mixin for a form with a date and times of the day (an afspraak, a sollicitatiegesprek), for the two nights the
    clocks change. ``klokvelden``: the names of its time fields; each has a ``keerveld`` named ``<tijd>_keer``, and
    the date is ``datum``. The form's ``clean`` calls ``klok_controleren`` when the times are to be used; ``moment``
    gives the aware moment as chosen. ``klok_u``: the werkgever reads "u"."""

    klokvelden = ()
    klok_u = False

    def klok_controleren(self, c):
        """In the night the clocks go back (the last Sunday of October) 02:00-03:00 is there twice: a time in it is
        not guessed; its "Welke keer?" shows, with why, and is asked until chosen. In the night the clocks go
        forward (the last Sunday of March) 02:00-03:00 does not exist: a time in it is refused, not moved an hour.
        Both keep what was typed."""
        for veld in self.klokvelden:
            if not (c.get("datum") and c.get(veld)):
                continue
            naief = datetime.datetime.combine(c["datum"], c[veld])
            if gat := datums.gat(naief):
                van, naar = gat
                self.add_error(veld, _("Deze tijd bestaat niet: in de nacht van %(gisteren)s op %(dag)s gaat de klok "
                                       "van %(van)s naar %(naar)s. Kies een tijd voor %(van)s of vanaf %(naar)s.") % {
                    "gisteren": datums.nacht_voor(c["datum"]), "dag": datums.dag_van_de_nacht(c["datum"]),
                    "van": f"{van:%H:%M}", "naar": f"{naar:%H:%M}"})
                continue
            if not datums.dubbel_uur(naief):
                continue
            tijd = c[veld].strftime("%H:%M")
            keer = self.fields[f"{veld}_keer"]
            keer.widget = forms.RadioSelect(choices=keer.choices)
            keer.help_text = _("In deze nacht gaat de klok een uur terug, van zomertijd naar wintertijd. Daarom is "
                               "het die nacht twee keer %(tijd)s.") % {"tijd": tijd}
            self._bound_fields_cache.pop(f"{veld}_keer", None)  # bound while cleaning, as a hidden field
            if not c.get(f"{veld}_keer"):
                self.add_error(f"{veld}_keer", (_("Kies welke keer %(tijd)s u bedoelt.") if self.klok_u
                                                else _("Kies welke keer %(tijd)s je bedoelt.")) % {"tijd": tijd})

    def moment(self, veld):
        """The aware moment of ``datum`` and the time ``veld``, a time that is there twice as chosen."""
        c = self.cleaned_data
        return datums.moment(c["datum"], c[veld], c.get(f"{veld}_keer", ""))


def voorwaardelijk_verplicht(veld, wanneer=None):
    """A field that is needed only in some cases (a reason once "Niet passend" is chosen; the place once a date is
    filled in): its label gets no "(niet verplicht)" (``accounts.templatetags.wsp.veld``), and ``wanneer`` says in
    the help text when it is needed (leave it out when the help text says so already). The form's ``clean`` still
    checks it."""
    veld.voorwaardelijk = True
    if wanneer:
        veld.help_text = format_lazy("{} {}", wanneer, veld.help_text) if veld.help_text else wanneer


def is_optioneel(veld):
    """Whether a form field is marked "(niet verplicht)": not required, and not required in some cases either."""
    return not veld.required and not getattr(veld, "voorwaardelijk", False)


def handtekening(naam, *, voornaam="", achternaam=""):
    """Check a name typed as a signature (an overeenkomst signed in the portal): a first and a last name, each with
    letters, and, when the account has a name, that name (case, spaces, hyphens and accents aside; the first name may
    be written as initials: "M. de Heul" for Martijn de Heul). Returns the name as typed, trimmed; raises a Dutch
    ``ValidationError`` otherwise, so the form shows it beside what was typed."""
    naam = " ".join(naam.split())
    delen = naam.split(" ")
    if len(delen) < 2 or not any(t.isalpha() for t in delen[0]) or sum(t.isalpha() for t in delen[-1]) < 2:
        raise ValidationError(_("Typ uw voornaam en achternaam als handtekening, bijvoorbeeld Jan de Vries."),
                              code="handtekening")
    if voornaam.strip() and achternaam.strip():
        getypt, voor, achter = naamvorm(naam), naamvorm(voornaam), naamvorm(achternaam)
        # A Dutch first name that starts with IJ (IJsbrand) has "IJ." as its initial.
        voorletters = " ".join(f"{deel[:2] if deel.startswith('ij') else deel[0]}." for deel in voor.split())
        toegestaan = {f"{voor} {achter}", f"{voorletters} {achter}", f"{voorletters.replace(' ', '')} {achter}",
                      f"{voorletters.replace('.', '')} {achter}"}
        if getypt not in toegestaan:
            raise ValidationError(
                _("Onderteken met uw eigen naam, zoals die bij uw account staat: %(naam)s."),
                code="handtekening", params={"naam": f"{voornaam.strip()} {achternaam.strip()}"})
    return naam


def geen_formule(waarde):
    """Validator for imported text: never store something a spreadsheet would execute (CSV/formula injection).
    The same test as the exports use (klantreis.lib.spreadsheet): +31 6... and -5 stay allowed, -1+cmd|... not."""
    if isinstance(waarde, str) and is_formule(waarde):
        raise ValidationError(_("Dit lijkt een spreadsheetformule (het begint met '%(teken)s'). Haal dat teken weg "
                                "of zet er een apostrof voor."), code="formule",
                              params={"teken": waarde.strip()[:1]})


class Vinkjes(forms.CheckboxSelectMultiple):
    """``CheckboxSelectMultiple`` that writes Django's own HTML (``checkbox_select.html`` with its option, input and
    attribute templates, character for character) in Python instead of through those templates: rendered as templates,
    each option cost ~0.3 ms, and the two lists of a vacature's skills (a beroep has 50-150) took 30 of the page's
    34 ms (docs/benchmarks.md, dertigste sessie). ``tests/test_lib_vinkjes.py`` compares the two for every kind of
    option. (The portal's FORM_RENDERER, klantreis.lib.formweergave, writes the plain input, textarea and select widgets
    the same way; a checkbox list is rendered by the widget itself.)"""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        delen = ["<div"]
        if widget["attrs"].get("id"):
            delen.append(f' id="{tekst(widget["attrs"]["id"])}"')
        if widget["attrs"].get("class"):
            delen.append(f' class="{tekst(widget["attrs"]["class"])}"')
        delen.append(">")
        for groep, opties, _index in widget["optgroups"]:
            if groep:
                delen.append(f"\n  <div><label>{tekst(groep)}</label>")
            for optie in opties:
                delen.append("<div>\n    ")
                optie_attrs = optie["attrs"]
                delen.append(f'<label for="{tekst(optie_attrs["id"])}">' if optie_attrs.get("id") else "<label>")
                delen.append(f'<input type="{tekst(optie["type"])}" name="{tekst(optie["name"])}"')
                if optie["value"] is not None:
                    delen.append(f' value="{attribuut(optie["value"])}"')
                delen.append(attributen(optie_attrs))
                # The newlines are those at the end of Django's input.html, input_option.html and checkbox_option.html.
                delen.append(f">\n {tekst(optie['label'])}</label>\n\n</div>")
            if groep:
                delen.append("\n  </div>")
        delen.append("\n</div>")
        return mark_safe("".join(delen))


class GecontroleerdBestandField(forms.FileField):
    """An uploaded document as it is stored (``klantreis.lib.bestanden.gecontroleerd``): scanned, a pdf written anew
    without scripts or attachments, a docx checked, a photo (``foto``) stored as a pdf. ``te_groot``: the message
    for a file over ``max_bytes``, with ``%(mb)s`` for its size and ``%(max)s`` for the limit, in MB; ``fout_soort``:
    the message for any other kind of file. ``bestand.soort`` carries the result."""

    def __init__(self, *args, max_bytes, te_groot, fout_soort, foto=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes, self.te_groot, self.fout_soort, self.foto = max_bytes, te_groot, fout_soort, foto

    def clean(self, data, initial=None):
        bestand = super().clean(data, initial)
        if not bestand:
            return bestand
        if bestand.size > self.max_bytes:
            raise forms.ValidationError(self.te_groot % {"mb": round(bestand.size / 1024 / 1024, 1),
                                                         "max": self.max_bytes // 1024 // 1024})
        try:
            return gecontroleerd(bestand, foto=self.foto, fout_soort=self.fout_soort)
        except OnveiligBestand as exc:
            raise forms.ValidationError(str(exc)) from exc
