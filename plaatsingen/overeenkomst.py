"""The proefplaatsings- or werkervaringsovereenkomst as PDF, filled with what the portal knows, so
nobody types it again ("ik hoef alleen maar te tekenen")."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klantreis.lib.pdf import nieuw_pdf


def standaardvoorwaarden(plaatsing) -> list[str]:
    """What every proefplaatsing or werkervaringsplaats agrees, as the overeenkomst writes it: the same sentences on
    the page where the werkgever signs and in the pdf he signs."""
    regels = [
        _("De deelnemer behoudt tijdens de proefplaatsing de uitkering; de werkgever betaalt geen loon.")
        if plaatsing.is_proef else _("De deelnemer doet werkervaring op onder begeleiding van de werkgever."),
        _("De werkgever zorgt voor een veilige werkplek, een begeleider op de werkvloer en de gebruikelijke "
          "verzekeringen (aansprakelijkheid)."),
        _("Het Werkgeversservicepunt neemt 24 uur, 2 weken en 6 weken na de start en voor het einde contact op "
          "met werkgever en deelnemer."),
    ]
    if plaatsing.is_proef:
        regels.append(_("Bij een goed verloop biedt de werkgever een arbeidsovereenkomst aan van minimaal 6 maanden."))
    return regels


def _tekst(waarde):
    # An embedded Unicode font (DejaVu Sans): names such as Łukasz Wiśniewski come out as written.
    return str(waarde or "")


def overeenkomst_pdf(plaatsing) -> bytes:
    kandidaat, werkgever = plaatsing.kandidaat, plaatsing.werkgever
    vestiging = werkgever.vestigingen.first()
    titel = "Proefplaatsingsovereenkomst" if plaatsing.is_proef else "Overeenkomst werkervaringsplaats"
    pdf = nieuw_pdf(titel)
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 10, _tekst(titel), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, _tekst(f"Kenmerk WSP-{plaatsing.pk:06d}, opgesteld {timezone.localdate():%d-%m-%Y}"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    def blok(kop, regels):
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(0, 8, _tekst(kop), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        for label, waarde in regels:
            pdf.multi_cell(0, 6, align="L", text=_tekst(f"{label}: {waarde}" if label else waarde), new_x="LMARGIN",
                           new_y="NEXT")
        pdf.ln(3)

    blok("Werkgever", [
        ("Naam", werkgever.naam), ("KvK-nummer", werkgever.kvk_nummer),
        ("Adres", str(vestiging) if vestiging else werkgever.gemeente),
        ("Contactpersoon", werkgever.contactpersoon_naam or "-"),
    ])
    blok("Deelnemer", [
        ("Naam", f"{kandidaat.voornaam} {kandidaat.achternaam}"), ("Woonplaats", kandidaat.gemeente),
    ])
    regels = [
        ("Functie", plaatsing.functie),
        ("Begindatum", f"{plaatsing.startdatum:%d-%m-%Y}"),
        ("Einddatum", f"{plaatsing.einddatum:%d-%m-%Y}" if plaatsing.einddatum else "-"),
        ("Uren per week", plaatsing.uren_per_week),
    ]
    if plaatsing.verlenging_reden:
        regels.append(("Reden voor een duur langer dan 2 maanden", plaatsing.verlenging_reden))
    if plaatsing.is_proef:
        regels.append(("Akkoord uitkeringsinstantie", f"{plaatsing.akkoord_instantie}, {plaatsing.akkoord_op:%d-%m-%Y}"
                       if plaatsing.akkoord_op else "-"))
    blok("Afspraken", regels)
    with translation.override("nl"):  # the overeenkomst is a Dutch document, whoever prepares it
        voorwaarden = [("", regel) for regel in standaardvoorwaarden(plaatsing)]
    if plaatsing.voorwaarden:
        voorwaarden.append(("", plaatsing.voorwaarden))
    instrumenten = ", ".join(i.naam for i in plaatsing.instrumenten.all())
    if instrumenten:
        voorwaarden.append(("Instrumenten", instrumenten))
    blok("Voorwaarden", voorwaarden)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, "Ondertekening werkgever", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    # A changed overeenkomst waiting to be signed again shows no signature: the one given was for the old version.
    if plaatsing.overeenkomst_ondertekend:
        pdf.multi_cell(0, 6, align="L", text=_tekst(
            f"Digitaal ondertekend door {plaatsing.ondertekend_door_naam} "
            f"({plaatsing.ondertekend_door.email if plaatsing.ondertekend_door else ''}) "
            f"op {timezone.localtime(plaatsing.ondertekend_op):%d-%m-%Y om %H:%M} via het portaal van het "
            "Werkgeversservicepunt."), new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(0, 6, align="L", text="Nog niet ondertekend. De werkgever ondertekent in het portaal.",
                       new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
