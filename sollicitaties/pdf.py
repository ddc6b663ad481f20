"""A printable overview of sollicitatieactiviteiten for UWV: per period what was asked and what was done, each
activity with date, werkgever, functie, how and whether there is proof. Same font as the other PDFs of the
portal (DejaVu Sans, so every name comes out as written)."""

from django.utils import timezone

from klantreis.lib.pdf import nieuw_pdf


def _datum(d):
    return f"{d:%d-%m-%Y}"


def overzicht_pdf(*, kandidaat, plicht, perioden, van, tot) -> bytes:
    """``perioden``: selectors.Periode with activities, newest first (printed oldest first)."""
    pdf = nieuw_pdf("Sollicitatieactiviteiten", voettekst="Sollicitatieactiviteiten")

    def regel(tekst, *, vet=False, grootte=10, hoogte=5.5):
        pdf.set_font("DejaVu", "B" if vet else "", grootte)
        pdf.multi_cell(0, hoogte, align="L", new_x="LMARGIN", new_y="NEXT", text=tekst)

    regel("Overzicht sollicitatieactiviteiten", vet=True, grootte=16, hoogte=10)
    regel(f"Naam: {kandidaat.voornaam} {kandidaat.achternaam}")
    regel(f"Periode: {_datum(van)} tot en met {_datum(tot)}")
    if plicht.vrijgesteld:
        regel("Sollicitatieplicht: vrijstelling (maatwerk).")
    else:
        regel(f"Sollicitatieplicht: {plicht.aantal} per 4 weken"
              + (" (maatwerk)." if plicht.aantal < 4 else "."))
    regel(f"Gemaakt op {timezone.localtime():%d-%m-%Y %H:%M} in het portaal van het Werkgeversservicepunt.")
    pdf.ln(3)
    if not perioden:
        regel("Geen perioden in deze tijd.")
    for periode in reversed(perioden):
        pdf.ln(2)
        regel(f"Periode {periode.nummer}: {_datum(periode.begin)} tot en met {_datum(periode.eind)}", vet=True,
              grootte=12, hoogte=7)
        if not periode.aantal:  # nothing was asked: not "Gevraagd: 0 (compleet)"
            regel(f"Vrijstelling in deze periode. Gedaan: {periode.gedaan}.")
        else:
            if periode.compleet:
                stand = "compleet"
            else:
                stand = f"nog {periode.nog} te doen" if periode.open else f"{periode.nog} te weinig"
            regel(f"Gevraagd: {periode.aantal}. Gedaan: {periode.gedaan} ({stand}).")
        if not periode.activiteiten:
            regel("Geen sollicitatieactiviteiten in deze periode.")
        for nummer, a in enumerate(periode.activiteiten, 1):
            pdf.ln(1)
            regel(f"{nummer}. {_datum(a.datum)} - {a.werkgever} - {a.functie}", vet=True)
            regel(f"Hoe: {a.get_wijze_display()}")
            if a.link:
                regel(f"Vacature: {a.link}")
            if a.toelichting:
                regel(f"Toelichting: {a.toelichting}")
            regel(f"Bewijs: {'ja, ' + a.bewijs_bestandsnaam if a.bewijs else 'nee'}")
    return bytes(pdf.output())
