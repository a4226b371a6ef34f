"""Small real files for the demo's documents: a one-page PDF written by hand, a CSV table, a PNG.

``DEMO_FILES``: the files a scenario names (``file: deliberation-DEL-2025-017.pdf``), made when played.
"""

import struct
import zlib
from collections.abc import Callable


def pdf(title: str, lines: list[str]) -> bytes:
    """A valid one-page PDF (1.4) showing ``title`` and ``lines`` in Helvetica (Windows-1252 text)."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    shown = [f"BT /F1 16 Tf 56 780 Td ({text(title)}) Tj ET"]
    shown += [f"BT /F1 11 Tf 56 {750 - 16 * i} Td ({text(line)}) Tj ET" for i, line in enumerate(lines)]
    stream = "\n".join(shown).encode("cp1252", "replace")  # WinAnsiEncoding
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def csv_table(rows: list[list[str]]) -> bytes:
    """A UTF-8 CSV table (semicolons, as French spreadsheets read them)."""
    return "".join(";".join(row) + "\r\n" for row in rows).encode()


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\0" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


DEMO_FILES: dict[str, Callable[[], bytes]] = {
    "deliberation-DEL-2025-017.pdf": lambda: pdf(
        "Syndicat mixte du bassin de la Vèze — Délibération DEL-2025-017",
        [
            "Séance du bureau syndical du 22 mai 2025.",
            "Vu la proposition du groupe de concertation sur le seuil du moulin de Brassac,",
            "le bureau adopte l'aménagement d'une passe à poissons en rive gauche",
            "et l'abaissement de la crête du seuil de 40 cm.",
            "Votes : 9 pour, 0 contre, 1 abstention.",
        ],
    ),
    "compte-rendu-atelier-scenarios.pdf": lambda: pdf(
        "Compte rendu de l'atelier « scénarios du seuil »",
        [
            "Quatorze participants.",
            "L'effacement complet est écarté par le propriétaire et les riverains.",
            "Une passe à poissons en rive gauche avec un seuil abaissé de 40 cm",
            "recueille l'accord du groupe.",
        ],
    ),
    "compte-rendu-atelier-scenarios-v2.pdf": lambda: pdf(
        "Compte rendu de l'atelier « scénarios du seuil » (version corrigée)",
        [
            "Quatorze participants, dont deux représentants de la fédération de pêche.",
            "L'effacement complet est écarté par le propriétaire et les riverains.",
            "Une passe à poissons en rive gauche avec un seuil abaissé de 40 cm",
            "recueille l'accord du groupe.",
        ],
    ),
    "emargement-atelier-scenarios.csv": lambda: csv_table(
        [["nom", "organisme", "signature"], ["Participant 1", "Riverains du moulin", "oui"]]
    ),
    "volumes-prelevables-veze.csv": lambda: csv_table(
        [
            ["usage", "volume prélevé moyen 2018-2024 (Mm3)", "part de l'écart (%)"],
            ["irrigation", "3,9", "70"],
            ["eau potable", "1,4", "20"],
            ["industrie", "0,6", "10"],
        ]
    ),
}
