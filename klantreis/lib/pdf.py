"""The portal's PDFs (the overeenkomst, the overview of sollicitatieactiviteiten, "Mijn gegevens", the demo's
proof of a sollicitatie): A4, the Werkgeversservicepunt as author, DejaVu Sans (regular and bold, embedded, so a
name such as Łukasz Wiśniewski comes out as written) and, where asked, a footer with the page number.

fpdf2 is imported at the first PDF a process makes, not when it starts (``klantreis.lib.lui``).
"""

import functools
from pathlib import Path

from klantreis.lib.lui import LuiModule

fpdf = LuiModule("fpdf")

FONTS = Path(__file__).resolve().parent / "fonts"
LETTER = "DejaVu"


@functools.cache
def _pdf_klasse():
    class Pdf(fpdf.FPDF):
        voettekst = ""

        def footer(self):
            if self.voettekst:
                self.set_y(-15)
                self.set_font(LETTER, "", 8)
                self.cell(0, 10, f"{self.voettekst} - pagina {self.page_no()}", align="C")

    return Pdf


def nieuw_pdf(titel="", *, voettekst="", vet=True):
    """An empty A4 document with the portal's font (``LETTER``, regular and, with ``vet``, bold) and a first
    page. ``voettekst``: printed with the page number at the foot of every page."""
    pdf = _pdf_klasse()(format="A4")
    pdf.voettekst = voettekst
    if titel:
        pdf.set_title(titel)
        pdf.set_author("Werkgeversservicepunt")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font(LETTER, "", str(FONTS / "DejaVuSans.ttf"))
    if vet:
        pdf.add_font(LETTER, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    return pdf
