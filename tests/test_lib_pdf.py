"""klantreis.lib.pdf: the portal's PDFs are A4 in DejaVu Sans, say who made them, and carry the footer with the
page number on every page where one is asked for."""

import io

from pypdf import PdfReader

from klantreis.lib.pdf import LETTER, nieuw_pdf


def _lees(pdf):
    return PdfReader(io.BytesIO(bytes(pdf.output())))


def test_a_footer_with_the_page_number_on_every_page_and_names_as_written():
    pdf = nieuw_pdf("Mijn gegevens", voettekst="Mijn gegevens")
    pdf.set_font(LETTER, "B", 12)
    pdf.cell(0, 10, "Łukasz Wiśniewski", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(LETTER, "", 10)
    for i in range(80):  # more than one page
        pdf.cell(0, 6, f"regel {i}", new_x="LMARGIN", new_y="NEXT")
    lezer = _lees(pdf)
    teksten = [pagina.extract_text() for pagina in lezer.pages]
    assert len(teksten) >= 2
    assert "Łukasz Wiśniewski" in teksten[0]
    for nummer, tekst in enumerate(teksten, start=1):
        assert f"Mijn gegevens - pagina {nummer}" in tekst
    assert lezer.metadata.title == "Mijn gegevens" and lezer.metadata.author == "Werkgeversservicepunt"
    breedte, hoogte = (round(float(x) * 25.4 / 72) for x in lezer.pages[0].mediabox[2:])
    assert (breedte, hoogte) == (210, 297)  # A4 in mm
    fonts = {str(f["/BaseFont"]) for f in lezer.pages[0]["/Resources"]["/Font"].values()}
    assert {f.split("+")[-1] for f in fonts} == {"DejaVuSansBold", "DejaVuSansBook"}, fonts  # embedded subsets


def test_without_a_footer_text_the_foot_of_the_page_stays_empty():
    pdf = nieuw_pdf(vet=False)
    pdf.set_font(LETTER, "", 12)
    pdf.multi_cell(0, 7, text="Beste Anja,\n\nBedankt voor je brief.")
    (tekst,) = [pagina.extract_text() for pagina in _lees(pdf).pages]
    assert "pagina" not in tekst and "Bedankt voor je brief." in tekst
