"""The export as a PDF a person can read: the same data as the JSON file, with Dutch headings in B1 and
dates written out as everywhere else ("30 november 2026", klantreis.lib.datums). Same font and style as the
overeenkomst (DejaVu Sans, so every name comes out as written). The werkgever's contactpersoon gets the same for his
own export (``privacy.export_werkgever``), with headings and labels that say "u"."""

from datetime import date, datetime

from klantreis.lib import datums
from klantreis.lib.pdf import nieuw_pdf

KOPPEN = {
    "profiel": "Over jou",
    "cv": "Je cv",
    "documenten": "Je diploma's, certificaten en andere documenten",
    "toestemmingen": "Je toestemmingen",
    "vragen_om_toestemming": "Vragen om je gegevens te delen",
    "plan_van_aanpak": "Je plan van aanpak",
    "klantmanagers": "Je contactpersonen",
    "toegang_tot_je_dossier": "Wie nog meer je dossier mocht zien",
    "voordrachten": "Bij welke werkgevers je bent voorgedragen",
    "gesprekken": "Sollicitatiegesprekken",
    "sollicitatieplicht": "Je sollicitatieplicht en wat je doorgaf",
    "plaatsingen": "Je werk via ons en de nazorg",
    "verzoeken_over_gegevens": "Je verzoeken over je gegevens",
    "taken_van_medewerkers": "Taken die medewerkers over jou kregen",
    "berichten": "Berichten over jou",
    "afspraken": "Je afspraken",
    "meldingen": "Meldingen in het portaal",
    "beleving": "Hoe je de stappen beleefde",
    "ondersteuning": "Ondersteuning waar je om vroeg",
    "interesse_in_vacatures": "Vacatures waar je meer over wilde weten",
    "mails_aan_jou": "Mails die we je stuurden",
    "wie_bekeek_je_gegevens": "Wie je gegevens bekeek of veranderde",
}


# The label of every field in the export, in B1 Dutch (the keys of the JSON file are for machines). One word for
# the same key wherever it is ("van": from whom or from when, the value says which). A test walks a full dossier
# and fails on a key that is not here.
LABELS = {
    # profiel
    "voornaam": "Voornaam", "achternaam": "Achternaam", "e_mailadres": "E-mailadres",
    "e_mailadres_account": "E-mailadres van je account", "telefoonnummer": "Telefoonnummer", "postcode": "Postcode",
    "woonplaats": "Woonplaats", "arbeidsmarktregio": "Regio", "uitkering": "Uitkering", "werkfit": "Klaar om te werken",
    "contactvoorkeur": "Hoe we je het liefst bereiken", "soort_contact": "Soort contact",
    "laatste_contact": "Laatste contact", "over_mij": "Over mij", "opleidingsniveau": "Opleiding",
    "werkervaring": "Werkervaring", "doelgroepregister": "In het doelgroepregister",
    "doelgroepregister_van": "In het doelgroepregister vanaf", "doelgroepregister_tot": "In het doelgroepregister tot",
    "wensen": "Je wensen", "beroepen": "Beroepen", "uren_per_week": "Uren per week",
    "max_reisafstand_km": "Hoe ver je wilt reizen (km)", "soort_contract": "Soort contract",
    "beschikbaar_vanaf": "Je kunt beginnen op", "rijbewijs": "Rijbewijs", "talen": "Talen",
    "vaardigheden": "Wat je kunt", "externe_referentie": "Nummer bij UWV of gemeente",
    "vaste_klantmanager": "Je vaste contactpersoon", "dossier_aangemaakt_op": "Je dossier begon op",
    "dossier_afgesloten_op": "Je dossier ging dicht op", "reden_afsluiten": "Waarom je dossier dicht ging",
    "geen_vragen_hoe_ging_het_sinds": "Sinds wanneer we niet meer vragen hoe het ging",
    # cv, documenten, toestemmingen
    "bestandsnaam": "Naam van het bestand", "geupload_op": "Geüpload op", "aanwezig": "Staat in het portaal",
    "soort": "Soort", "naam": "Naam", "geupload_door": "Geüpload door", "verloopt_op": "Verloopt op",
    "mag_mee_bij_een_voordracht": "Mag mee als we je voordragen", "meegestuurd_met": "Meegestuurd met",
    "doel": "Doel", "werkgever": "Werkgever", "derde_partij": "Andere organisatie", "hoe_gegeven": "Hoe je het gaf",
    "gegeven_op": "Gegeven op", "vastgelegd_door": "Opgeschreven door", "ingetrokken_op": "Ingetrokken op",
    "ingetrokken_door": "Ingetrokken door",
    # vragen om toestemming, plan van aanpak, klantmanagers
    "vacature": "Vacature", "wat_we_wilden_delen": "Wat we wilden delen", "gevraagd_door": "Gevraagd door",
    "gevraagd_op": "Gevraagd op", "status": "Status", "beantwoord_op": "Beantwoord op", "jouw_reden": "Jouw reden",
    "volgende_evaluatie": "Volgende keer dat we het plan bespreken", "aangemaakt_op": "Gemaakt op",
    "acties": "Acties", "onderwerp": "Onderwerp", "wat": "Wat", "wie": "Wie", "organisatie": "Organisatie",
    "klaar_op": "Klaar op", "notitie": "Notitie", "gewijzigd_op": "Veranderd op", "wijzigingen": "Wijzigingen",
    "tijdstip": "Wanneer", "door": "Door", "voor": "Voor", "na": "Na", "van": "Van", "tot": "Tot",
    "overdrachtsnotitie": "Notitie bij de overdracht",
    "gegeven_door": "Gegeven door", "tot_en_met": "Tot en met", "met_jouw_toestemming": "Met jouw toestemming",
    "gestopt_op": "Gestopt op", "waarom_gestopt": "Waarom het stopte",
    # voordrachten en gesprekken
    "voorgedragen_op": "Voorgedragen op", "waarom_jij_past": "Waarom jij past",
    "reactie_werkgever_op": "Werkgever reageerde op", "reden": "Reden", "toelichting_reden": "Uitleg bij de reden",
    "stappen": "Stappen", "naar": "Naar", "toelichting": "Uitleg", "begint_op": "Begint op",
    "duur_minuten": "Hoe lang (minuten)", "plaats": "Plaats", "begeleider_gaat_mee": "Er gaat iemand met je mee",
    "voorbereiding": "Voorbereiding", "geannuleerd_op": "Afgezegd op", "jouw_voorbereiding": "Jouw voorbereiding",
    "over_de_werkgever": "Over de werkgever", "over_het_werk": "Over het werk", "vragen": "Vragen",
    "meenemen": "Meenemen", "reis": "De reis", "gesloten_op": "Gesloten op", "lijstje": "Je lijstje",
    "punt": "Punt", "afgevinkt_op": "Afgevinkt op",
    # sollicitatieplicht
    "per_4_weken": "Sollicitaties per 4 weken", "perioden_vanaf": "Telt vanaf",
    "reden_maatwerk": "Waarom een ander aantal", "op": "Op", "aantal_was": "Aantal was", "aantal": "Aantal",
    "sollicitaties": "Je sollicitaties", "datum": "Datum", "functie": "Functie", "hoe": "Hoe", "link": "Link",
    "bewijs": "Bewijs", "doorgegeven_op": "Doorgegeven op",
    # plaatsingen
    "startdatum": "Begint op", "einddatum": "Stopt op", "afspraken": "Afspraken",
    "reden_langere_duur": "Waarom langer", "reden_van_afscheid": "Waarom het stopte",
    "ondertekend_op": "Ondertekend op", "correcties": "Verbeteringen", "wat_veranderde": "Wat er veranderde",
    "wat_er_fout_was": "Wat er fout was",
    "einddatum_gewijzigd": "Einddatum gewijzigd", "afspraken_met_werkgever": "Afspraken met de werkgever",
    "akkoord_uitkeringsinstantie": "Akkoord uitkeringsinstantie", "instantie": "Instantie",
    "aanvragen_van_regelingen": "Aanvragen van regelingen", "regeling": "Regeling",
    "aangevraagd_op": "Aangevraagd op", "aangevraagd_bij": "Aangevraagd bij", "besluit_op": "Besluit op",
    "uiterlijk": "Uiterlijk", "vastgelegd_op": "Opgeschreven op", "nazorg": "Nazorg", "moment": "Moment",
    "gepland_op": "Gepland op", "uitkomst": "Uitkomst", "bijzonderheden": "Bijzonderheden",
    "interventie": "Wat we deden", "check_ins": "Vragen hoe het gaat", "cijfer": "Cijfer", "opmerking": "Opmerking",
    # verzoeken, taken, berichten, afspraken, meldingen
    "over": "Over", "wens_of_reden": "Wat het moet worden, of waarom", "ingediend_op": "Ingediend op",
    "afgehandeld_op": "Afgehandeld op", "antwoord": "Antwoord",
    "afgerond_op": "Klaar op", "berichten": "Berichten", "begonnen_op": "Begonnen op",
    "door_jou_gelezen_op": "Door jou gelezen op", "rol": "Rol", "verstuurd_op": "Verstuurd op", "tekst": "Tekst",
    "bijlagen": "Bijlagen", "eindigt_op": "Stopt op", "videolink": "Link voor video", "jij_doet_mee": "Doe je mee",
    "waarom_je_niet_kunt": "Waarom je niet kunt", "wanneer_je_wel_kunt": "Wanneer je wel kunt",
    "niet_kunnen_doorgegeven_op": "Doorgegeven dat je niet kunt op", "gekregen_op": "Gekregen op",
    "gelezen_op": "Gelezen op",
    # ondersteuning, interesse, mails, wie bekeek
    "traject": "Wat", "aanbieder": "Wie het geeft", "start": "Begint op", "jouw_motivatie": "Waarom je het wilde",
    "besloten_op": "Besloten op", "besloten_door": "Besloten door", "sector": "Sector", "aan": "Aan",
    "gemaakt_op": "Gemaakt op", "waarom": "Waarom",
}


# The werkgever's export: his own account, as a person, in "u" (the keys of ``SLEUTELS_WERKGEVER``).
KOPPEN_WERKGEVER = {
    "account": "Uw account",
    "contactpersoon_van_het_bedrijf": "Wat we als contactpersoon van uw bedrijf over u bewaren",
    "berichten": "Berichten die u stuurde",
    "afspraken": "Uw afspraken",
    "meldingen": "Meldingen in het portaal",
    "mails_aan_u": "Mails die we u stuurden",
    "ingelogd": "Waar u nu bent ingelogd",
    "wie_bekeek_uw_gegevens": "Wie uw gegevens bekeek of veranderde",
}

LABELS_WERKGEVER = {
    # account, contactpersoon
    "naam": "Naam", "email": "E-mailadres", "telefoon": "Telefoonnummer", "rol": "Rol", "bedrijf": "Bedrijf",
    "account_sinds": "Uw account begon op", "laatst_ingelogd": "Laatst ingelogd op",
    "uitgenodigd_door": "Uitgenodigd door", "uitgenodigd_op": "Uitgenodigd op",
    # berichten, afspraken, meldingen
    "onderwerp": "Onderwerp", "verstuurd_op": "Verstuurd op", "tekst": "Tekst", "bijlagen": "Bijlagen",
    "wat": "Wat", "soort": "Soort", "begint_op": "Begint op", "eindigt_op": "Eindigt op", "plaats": "Plaats",
    "status": "Status", "u_doet_mee": "Doet u mee", "waarom_u_niet_kunt": "Waarom u niet kunt",
    "wanneer_u_wel_kunt": "Wanneer u wel kunt", "niet_kunnen_doorgegeven_op": "Doorgegeven dat u niet kunt op",
    "gekregen_op": "Gekregen op", "gelezen_op": "Gelezen op",
    # mails, sessies, wie bekeek
    "aan": "Aan", "gemaakt_op": "Gemaakt op", "geldig_tot": "Geldig tot", "tijdstip": "Wanneer", "wie": "Wie",
    "organisatie": "Organisatie", "waarom": "Waarom",
}


def _leesbaar(sleutel, labels):
    return labels.get(sleutel) or sleutel.replace("_", " ").capitalize()


def _waarde(waarde):
    if waarde is None or waarde == "" or waarde == []:
        return "-"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, str) and len(waarde) >= 10 and waarde[4] == "-" and waarde[7] == "-":
        try:
            dag = date.fromisoformat(waarde) if len(waarde) == 10 else None
            # The export keeps times in UTC with their offset (for machines); a person reads Dutch time
            # (datums.datum_tijd), written out as everywhere else: "7 december 2026". The pdf is Dutch throughout.
            moment = None if dag else datetime.fromisoformat(waarde)
        except ValueError:
            pass
        else:
            return datums.in_mail(datums.datum, dag) if dag else datums.in_mail(datums.datum_tijd, moment)
    if isinstance(waarde, list) and all(not isinstance(w, (dict, list)) for w in waarde):
        return ", ".join(str(w) for w in waarde)
    return str(waarde)


def gegevens_pdf(gegevens: dict) -> bytes:
    """The werkzoekende's export (``privacy.export.gegevens_van``) in "je"."""
    return _pdf(gegevens, koppen=KOPPEN, labels=LABELS, inleiding=(
        f"Gemaakt op {_waarde(gegevens['over_dit_bestand']['gemaakt_op'])}. Hierin staat alles wat het portaal over "
        "je weet. Klopt er iets niet? Vraag in het portaal bij 'Mijn gegevens' om het te verbeteren of te "
        "verwijderen."))


def werkgever_gegevens_pdf(gegevens: dict) -> bytes:
    """The export of a werkgever's contactpersoon (``privacy.export_werkgever.werkgever_gegevens_van``) in "u"."""
    return _pdf(gegevens, koppen=KOPPEN_WERKGEVER, labels=LABELS_WERKGEVER, inleiding=(
        f"Gemaakt op {_waarde(gegevens['over_dit_bestand']['gemaakt_op'])}. Hierin staat alles wat het portaal over "
        "u als persoon weet. Klopt er iets niet? Stuur uw accountmanager een bericht in het portaal."))


def _pdf(gegevens: dict, *, koppen, labels, inleiding) -> bytes:
    pdf = nieuw_pdf("Mijn gegevens", voettekst="Mijn gegevens")
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 10, "Mijn gegevens", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, align="L", new_x="LMARGIN", new_y="NEXT", text=inleiding)
    pdf.ln(3)

    def regel(label, waarde, inspringen=0):
        pdf.set_x(pdf.l_margin + inspringen)
        pdf.multi_cell(0, 5.5, align="L", new_x="LMARGIN", new_y="NEXT",
                       text=f"{label}: {_waarde(waarde)}" if label else _waarde(waarde))

    def blok(data, inspringen=0):
        for sleutel, waarde in data.items():
            if isinstance(waarde, dict):
                pdf.set_font("DejaVu", "B", 10)
                regel("", _leesbaar(sleutel, labels), inspringen)
                pdf.set_font("DejaVu", "", 10)
                blok(waarde, inspringen + 5)
            elif isinstance(waarde, list) and any(isinstance(w, dict) for w in waarde):
                pdf.set_font("DejaVu", "B", 10)
                regel("", _leesbaar(sleutel, labels), inspringen)
                pdf.set_font("DejaVu", "", 10)
                lijst(waarde, inspringen + 5)
            else:
                regel(_leesbaar(sleutel, labels), waarde, inspringen)

    def lijst(items, inspringen=0):
        if not items:
            regel("", "Niets.", inspringen)
        for nummer, item in enumerate(items, 1):
            pdf.set_font("DejaVu", "B", 10)
            regel("", f"{nummer}.", inspringen)
            pdf.set_font("DejaVu", "", 10)
            blok(item, inspringen + 5)
            pdf.ln(1)

    for sleutel, kop in koppen.items():
        pdf.set_font("DejaVu", "B", 13)
        pdf.ln(2)
        pdf.cell(0, 8, kop, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        data = gegevens.get(sleutel)
        if data is None:
            regel("", "Niets.")
        elif isinstance(data, list):
            lijst(data)
        else:
            blok(data)
    return bytes(pdf.output())
