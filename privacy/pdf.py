"""The export as a PDF a person can read: the same data as the JSON file, with Dutch headings in B1 and
dates as 30-11-2026. Same font and style as the overeenkomst (DejaVu Sans, so every name comes out as written)."""

from datetime import date, datetime

from django.utils import timezone

from klantreis.lib.pdf import nieuw_pdf

KOPPEN = {
    "profiel": "Over jou",
    "cv": "Je cv",
    "documenten": "Je diploma's, certificaten en andere documenten",
    "toestemmingen": "Je toestemmingen",
    "vragen_om_toestemming": "Vragen om je gegevens te delen",
    "plan_van_aanpak": "Je plan van aanpak",
    "klantmanagers": "Je contactpersonen",
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


def _leesbaar(sleutel):
    return sleutel.replace("_", " ").capitalize()


def _waarde(waarde):
    if waarde is None or waarde == "" or waarde == []:
        return "-"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, str) and len(waarde) >= 10 and waarde[4] == "-" and waarde[7] == "-":
        try:
            if len(waarde) == 10:
                return f"{date.fromisoformat(waarde):%d-%m-%Y}"
            moment = datetime.fromisoformat(waarde)
            # The export keeps times in UTC with their offset (for machines); a person reads Dutch time.
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return f"{moment:%d-%m-%Y %H:%M}"
        except ValueError:
            pass
    if isinstance(waarde, list) and all(not isinstance(w, (dict, list)) for w in waarde):
        return ", ".join(str(w) for w in waarde)
    return str(waarde)


def gegevens_pdf(gegevens: dict) -> bytes:
    pdf = nieuw_pdf("Mijn gegevens", voettekst="Mijn gegevens")
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 10, "Mijn gegevens", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, align="L", new_x="LMARGIN", new_y="NEXT", text=(
        f"Gemaakt op {_waarde(gegevens['over_dit_bestand']['gemaakt_op'])}. Hierin staat alles wat het portaal over "
        "je weet. Klopt er iets niet? Vraag in het portaal bij 'Mijn gegevens' om het te verbeteren of te "
        "verwijderen."))
    pdf.ln(3)

    def regel(label, waarde, inspringen=0):
        pdf.set_x(pdf.l_margin + inspringen)
        pdf.multi_cell(0, 5.5, align="L", new_x="LMARGIN", new_y="NEXT",
                       text=f"{label}: {_waarde(waarde)}" if label else _waarde(waarde))

    def blok(data, inspringen=0):
        for sleutel, waarde in data.items():
            if isinstance(waarde, dict):
                pdf.set_font("DejaVu", "B", 10)
                regel("", _leesbaar(sleutel), inspringen)
                pdf.set_font("DejaVu", "", 10)
                blok(waarde, inspringen + 5)
            elif isinstance(waarde, list) and any(isinstance(w, dict) for w in waarde):
                pdf.set_font("DejaVu", "B", 10)
                regel("", _leesbaar(sleutel), inspringen)
                pdf.set_font("DejaVu", "", 10)
                lijst(waarde, inspringen + 5)
            else:
                regel(_leesbaar(sleutel), waarde, inspringen)

    def lijst(items, inspringen=0):
        if not items:
            regel("", "Niets.", inspringen)
        for nummer, item in enumerate(items, 1):
            pdf.set_font("DejaVu", "B", 10)
            regel("", f"{nummer}.", inspringen)
            pdf.set_font("DejaVu", "", 10)
            blok(item, inspringen + 5)
            pdf.ln(1)

    for sleutel, kop in KOPPEN.items():
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
