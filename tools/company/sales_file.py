"""Strict reading of an owner's sales export (CSV): every unusable file is rejected as a whole.

Real exports come as Excel "CSV UTF-8" (with BOM), Windows-1252, with semicolons and decimal commas.
A file that is readable but unusable (too short, dated in the future, formula cells, absurd or
non-finite numbers, duplicates) raises one `DataError` listing the bad rows by row and column, in German.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any, NamedTuple

import pandas as pd

from tools.date_cells import parse_day_cells
from tools.errors import DataError, MissingColumnsError
from tools.format_de import integer, plain
from tools.settings import get_settings

REQUIRED = ("date", "branch", "product", "sold")
NUMERIC = ("sold", "baked", "price_eur")
# German and English header names accepted in an export -> our names
ALIASES = {
    "datum": "date",
    "tag": "date",
    "filiale": "branch",
    "standort": "branch",
    "artikel": "product",
    "produkt": "product",
    "artikelname": "product",
    "verkauft": "sold",
    "absatz": "sold",
    "menge": "sold",
    "gebacken": "baked",
    "produziert": "baked",
    "preis": "price_eur",
    "preis_eur": "price_eur",
    "price": "price_eur",
    "laden": "branch",
    "geschäft": "branch",
    "ware": "product",
    "sorte": "product",
    "anzahl": "sold",
    "stück": "sold",
}
# our column names as a German user reads them in a message (a header the file had is quoted as it was)
COLUMN_LABELS = {
    "date": "Datum",
    "branch": "Filiale",
    "product": "Produkt",
    "sold": "verkauft",
    "baked": "gebacken",
    "price_eur": "Preis",
}
MIN_DAYS = 28  # less history gives no usable forecast
OUTLIER_FACTOR = 50  # a day above 50 × the median (of selling days) of its series is a typo or a unit mix-up
MAX_COUNT = 10_000_000  # pieces per day, branch and product; beyond this a number overflows downstream
MAX_PRICE = 10_000.0  # euros per piece
MAX_NAME = 80  # characters of a branch or product name
MAX_LISTED = 10  # bad cells named in one message
_DELIMITERS = (";", ",", "\t", "|")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_NUMBER_LIKE = re.compile(r"\s*[+-]?\s*[\d.,]+([eE][+-]?\d+)?\s*|\s*[+-]?(inf|infinity|nan)\s*", re.IGNORECASE)
_GROUPED = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")


class Problem(NamedTuple):
    """One bad cell: the file's line (header = 1), our column name and what is wrong (German)."""

    line: int
    column: str
    text: str


_OTHER_KINDS = (
    (b"\x89PNG\r\n\x1a\n", "ein Bild (PNG)"),
    (b"\xff\xd8\xff", "ein Bild (JPG)"),
    (b"GIF8", "ein Bild (GIF)"),
    (b"%PDF-", "ein PDF-Dokument"),
)


def _other_kind(data: bytes) -> str | None:
    """What a file named .csv really is, from its first bytes: an image or a PDF (None for anything else)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "ein Bild (WebP)"
    return next((kind for magic, kind in _OTHER_KINDS if data.startswith(magic)), None)


def _decode(data: bytes, name: str) -> str:
    """The file's text: UTF-16 with BOM, UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    kind = _other_kind(data)
    if kind:  # a photo or PDF whose name says .csv (hostile test 26): say what it is, not „Binärdaten“
        raise DataError(
            f"Die Datei „{name}“ ist {kind}, keine Tabelle mit Verkaufsdaten. Bitte "
            "senden Sie den Export Ihrer Kasse als CSV- oder Excel-Datei."
        )
    if b"\x00" in data[:4096]:
        raise DataError(
            f"Die Datei „{name}“ ist keine CSV-Datei (sie enthält Binärdaten, z. B. eine Excel-Mappe). "
            "Bitte speichern Sie sie in Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError(
        f"Die Zeichenkodierung der Datei „{name}“ kann ich nicht erkennen. Bitte speichern Sie sie "
        "in Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“."
    )


SHORTER = (
    "Bitte exportieren Sie einen kürzeren Zeitraum (z. B. die letzten zwei Jahre) oder weniger Spalten und senden "
    "Sie die Datei noch einmal. Ihre bisherigen Verkaufsdaten bleiben unverändert."
)


def _check_size(name: str, rows: int, cells: int) -> None:
    """DataError (German) when a file has more rows or cells than `max_sales_rows`/`max_sales_cells` allow."""
    settings = get_settings()
    if rows > settings.max_sales_rows:
        raise DataError(
            f"Die Datei „{name}“ hat mehr als {integer(settings.max_sales_rows)} Zeilen – so viele lese ich nicht "
            f"ein (höchstens {integer(settings.max_sales_rows)}). " + SHORTER
        )
    if cells > settings.max_sales_cells:
        raise DataError(
            f"Die Datei „{name}“ hat mehr als {integer(settings.max_sales_cells)} Zellen – so viele lese ich nicht "
            f"ein (höchstens {integer(settings.max_sales_cells)}). " + SHORTER
        )


def _check_unzipped(data: bytes, name: str) -> None:
    """DataError when a workbook's parts unpack to more than `max_sales_unzipped_mb` (checked in the zip's
    directory, before anything is unpacked) or a sheet has more rows or cells than allowed (counted in its raw
    XML); a broken zip passes to openpyxl's own message."""
    import zipfile

    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with book:
        unpacked = sum(info.file_size for info in book.infolist())
        limit = get_settings().max_sales_unzipped_mb
        if unpacked > limit * 1024 * 1024:
            raise DataError(
                f"Die Excel-Datei „{name}“ ist entpackt {integer(unpacked / 1e6)} MB groß – so viel lese ich nicht "
                f"ein (höchstens {integer(limit)} MB). " + SHORTER
            )
        for part in book.namelist():  # openpyxl parses every sheet without a declared size whole
            if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                with book.open(part) as xml:
                    _count_tags(xml, name)


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")


def _count_tags(xml: IO[bytes], name: str) -> None:
    """Count a sheet's row and cell tags in its raw XML (C-speed regex over 1 MB chunks, no parsing) and refuse
    as soon as they pass the limits; openpyxl needs minutes for what this scans in a second."""
    rows = cells = 0
    tail = b""
    while chunk := xml.read(1 << 20):
        chunk = tail + chunk
        cut = chunk.rfind(b"<")  # a tag cut by the chunk's end is counted with the next chunk
        body, tail = (chunk[:cut], chunk[cut:]) if cut > 0 else (chunk, b"")
        rows, cells = rows + len(_ROW_TAG.findall(body)), cells + len(_CELL_TAG.findall(body))
        _check_size(name, rows - 1, cells)
    _check_size(name, rows + len(_ROW_TAG.findall(tail)) - 1, cells + len(_CELL_TAG.findall(tail)))


def _excel_rows(sheet: Any, name: str) -> Iterable[tuple[object, ...]]:
    """The sheet's rows, streamed and refused as soon as rows or cells pass the limits. A declared size over
    the limits is ignored: the raw XML was counted within them (`_check_unzipped`), so it is false (a sheet
    formatted down to row 1.048.576), and openpyxl would pad up to it with empty rows."""
    declared_rows, declared_cols = sheet.max_row or 0, sheet.max_column or 0
    try:
        _check_size(name, declared_rows - 1, declared_rows * declared_cols)
    except DataError:
        sheet.reset_dimensions()
    rows = cells = 0
    for row in sheet.iter_rows(values_only=True):
        rows, cells = rows + 1, cells + len(row)
        if rows % 1000 == 0 or len(row) > 1000:
            _check_size(name, rows - 1, cells)
        yield row
    _check_size(name, rows - 1, cells)


def _excel_text(data: bytes, name: str) -> str:
    """The first sheet of an Excel workbook (.xlsx) as `;`-separated text: dates as TT.MM.JJJJ, numbers with a
    decimal point, formulas as their last computed value (an export saved in Excel instead of as CSV)."""
    import io
    from datetime import date as date_type
    from datetime import datetime

    from openpyxl import load_workbook

    _check_unzipped(data, name)
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # a damaged or password-protected workbook: openpyxl raises many kinds
        raise DataError(
            f"Die Excel-Datei „{name}“ kann ich nicht öffnen. Bitte speichern Sie sie in Excel als "
            "„CSV UTF-8 (durch Trennzeichen getrennt)“ und senden Sie sie noch einmal."
        ) from exc

    def cell(v: object) -> str:
        if isinstance(v, datetime | date_type):
            return f"{v:%d.%m.%Y}"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return "" if v is None else str(v).replace(";", ",")

    values = list(_excel_rows(sheet, name))
    width = max((len(row) for row in values), default=0)  # rows of an unsized sheet end at their last cell
    rows = [";".join(cell(v) for v in (*row, *(None,) * (width - len(row)))) for row in values]
    return "\n".join(r for r in rows if r.strip(";"))


def _workbook_or_text(data: bytes, name: str) -> str:
    """An Excel workbook's first sheet (a zip: also when kept as a version's .csv copy), else the decoded text;
    a broken zip named like a CSV gets the CSV's own message."""
    if data.startswith(b"PK\x03\x04"):
        try:
            return _excel_text(data, name)
        except DataError:
            if name.lower().endswith((".xlsx", ".xlsm")):
                raise
    return _decode(data, name).lstrip("\ufeff")


def read_text(path: Path, name: str | None = None) -> tuple[str, str]:
    """(text, delimiter) of a CSV export in any of the encodings above, or of an Excel workbook's first sheet;
    DataError for an empty file."""
    name = name or path.name
    data = path.read_bytes()
    text = _workbook_or_text(data, name)
    header = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not header:
        raise DataError(f"Die Datei „{name}“ ist leer.")
    sep = _delimiter(header)
    lines = text.count("\n") + (not text.endswith("\n"))
    _check_size(name, lines - 1, lines + text.count(sep))  # counted in C before any row is split
    return text, sep


def _delimiter(header: str) -> str:
    """The separator that splits the header into the most fields (',' when none does)."""
    counts = {d: len(next(csv.reader([header], delimiter=d))) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 1 else ","


def _column_name(raw: str) -> str:
    name = raw.strip().strip('"').removeprefix("\ufeff").removeprefix("ï»¿").strip().lower()
    return ALIASES.get(name, name)


def _show(cell: str) -> str:
    """A cell as quoted in a message: plain text (no Markdown/HTML), printable, never more than 30 characters."""
    cell = "".join(ch if ch.isprintable() else "?" for ch in plain(cell))
    return cell if len(cell) <= 30 else cell[:29] + "…"


def _label(column: str, headers: dict[str, str] | None = None) -> str:
    """How a message names a column: the file's own header for it, else its German name."""
    return (headers or {}).get(column) or COLUMN_LABELS.get(column, column)


def _headers(path: Path, name: str) -> dict[str, str]:
    """Our column name -> the header cell the file used for it ("sold" -> "Menge")."""
    text, sep = read_text(path, name)
    first = next((cells for cells in csv.reader(io.StringIO(text), delimiter=sep) if any(c.strip() for c in cells)), [])
    return {_column_name(c): _show(c.strip().strip('"').removeprefix("\ufeff")) for c in first}


def _rows(path: Path, name: str) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    """(column names, [(line, cells)], delimiter); empty lines and repeats of the header line are skipped."""
    text, sep = read_text(path, name)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    rows: list[tuple[int, list[str]]] = []
    columns: list[str] | None = None
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if columns is None:
                columns = [_column_name(c) for c in cells]
            elif [_column_name(c) for c in cells] != columns:  # a header repeated below (exports pasted together)
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise DataError(
            f"Die Datei „{name}“ ist ab Zeile {reader.line_num + 1} keine lesbare CSV-Datei "
            "(z. B. ein Anführungszeichen ohne Gegenstück oder ein zu langes Feld)."
        ) from exc
    return columns or [], rows, sep


def _number(cell: str, grouped_thousands: bool) -> float | str:
    """The cell as a number, or a German reason why it is none (German and English notation)."""
    txt = re.sub(r"\s+", "", cell)
    if not txt:
        return "ist leer"
    if "," in txt and "." in txt:  # the last separator is the decimal one: 1.234,5 or 1,234.5
        txt = txt.replace(".", "").replace(",", ".") if txt.rfind(",") > txt.rfind(".") else txt.replace(",", "")
    elif "," in txt:
        txt = txt.replace(",", ".")
    elif grouped_thousands and _GROUPED.fullmatch(txt):
        txt = txt.replace(".", "")  # 1.234 in a German (semicolon) export
    if not _PLAIN_NUMBER.fullmatch(txt):
        return "ist keine Zahl"
    value = float(txt)
    if not math.isfinite(value):
        return "ist zu groß"
    if value < 0:
        return "ist negativ"
    return value


def _is_formula(cell: str) -> bool:
    """A spreadsheet formula (=HYPERLINK(…), @SUMME(…), +A1, -B2+cmd|…), never a plain signed number."""
    s = cell.lstrip()
    if not s:
        return False
    return s[0] in "=@" or (s[0] in "+-" and not _NUMBER_LIKE.fullmatch(s))


class _Checker:
    """Collects the problems of one file, at most one per cell, in file order."""

    def __init__(self) -> None:
        self.found: dict[tuple[int, str], str] = {}

    def add(self, lines: Iterable[int], column: str, text: str) -> None:
        for line in lines:
            self.found.setdefault((int(line), column), text)

    def problems(self) -> list[Problem]:
        return [Problem(line, col, text) for (line, col), text in sorted(self.found.items())]


def _message(name: str, problems: list[Problem], file_level: list[str], headers: dict[str, str]) -> str:
    items = [f"- Zeile {p.line}, Spalte „{_label(p.column, headers)}“: {p.text}" for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        items.append(f"- … und {len(problems) - MAX_LISTED} weitere Stellen")
    items += [f"- {t}" for t in file_level]
    return f"Die Verkaufsdatei „{name}“ ist so nicht verwendbar:\n" + "\n".join(items)


def catalogue_id(column: str, value: str) -> str:
    """A branch or product written as the catalogue names it („Stendal Marktplatz“, „Roggenbrot“, „roggenbrot“)
    is that branch's or product's id; any other name stays the owner's own."""
    from tools.company.catalog import BRANCHES, PRODUCTS

    items = BRANCHES if column == "branch" else PRODUCTS
    folded = value.casefold()
    return next((i.id for i in items if folded in (i.id.casefold(), i.name.casefold())), value)


def read_sales_export(path: Path, today: date, name: str | None = None) -> pd.DataFrame:
    """date, branch, product, sold (+ baked, price_eur when present) of an export, or DataError listing
    every unusable cell; `name` is the file name the user knows (an upload is stored under another)."""
    name = name or path.name
    if not path.is_file():
        raise DataError(f"Die Verkaufsdatei „{name}“ wurde nicht gefunden.")
    columns, rows, sep = _rows(path, name)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        what = "fehlt die Spalte" if len(missing) == 1 else "fehlen die Spalten"
        headers = _headers(path, name)
        known = [f"„{headers[c]}“ ({COLUMN_LABELS[c]})" for c in columns if c in COLUMN_LABELS and c in headers]
        unknown = [f"„{headers.get(c, _show(c))}“" for c in columns if c not in COLUMN_LABELS]
        raise MissingColumnsError(
            f"In der Verkaufsdatei „{name}“ {what} {', '.join(f'„{COLUMN_LABELS[c]}“' for c in missing)} "
            "(nötig sind Datum, Filiale, Produkt und verkaufte Stückzahl; optional gebacken und Preis). "
            f"Erkannt habe ich: {', '.join(known) or 'keine'}"
            + (f"; nicht zuordnen konnte ich: {', '.join(unknown)}." if unknown else ".")
        )
    if not rows:
        raise DataError(f"Die Verkaufsdatei „{name}“ enthält keine Datenzeilen.")
    check = _Checker()
    width = len(columns)
    for line, cells in rows:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            check.add([line], columns[-1], f"{len(cells)} Felder statt {width} wie in der Kopfzeile")
    raw = pd.DataFrame([(cells + [""] * width)[:width] for _, cells in rows], columns=columns)
    raw = raw.loc[:, ~raw.columns.duplicated()]
    line_of = pd.Series([line for line, _ in rows], index=raw.index)
    for col in raw.columns:
        formula = raw[col].map({cell: _is_formula(cell) for cell in raw[col].unique()})
        for i in formula[formula].index:
            check.add([line_of[i]], col, f"„{_show(raw.at[i, col])}“ ist eine Formel; bitte die Werte exportieren")

    out = pd.DataFrame({"date": parse_day_cells(raw["date"])})
    bad = out["date"].isna()
    for i in bad[bad].index:
        check.add([line_of[i]], "date", f"„{_show(raw.at[i, 'date'])}“ ist kein gültiges Datum (z. B. 25.11.2026)")
    future = out["date"] > pd.Timestamp(today)
    for i in future[future].index:
        check.add([line_of[i]], "date", f"{out.at[i, 'date']:%d.%m.%Y} liegt nach dem heutigen Tag ({today:%d.%m.%Y})")
    for col in ("branch", "product"):
        out[col] = raw[col].str.strip().map(lambda v, c=col: catalogue_id(c, v))
        check.add(line_of[out[col] == ""], col, "ist leer")
        check.add(line_of[out[col].str.len() > MAX_NAME], col, f"ist länger als {MAX_NAME} Zeichen")
    for col in NUMERIC:
        if col not in raw.columns:
            continue
        parsed = {cell: _number(cell, sep == ";") for cell in raw[col].unique()}
        limit = MAX_PRICE if col == "price_eur" else MAX_COUNT
        values = raw[col].map({cell: v if isinstance(v, float) else math.nan for cell, v in parsed.items()})
        for i in raw.index[values.isna()]:
            reason = parsed[raw.at[i, col]]
            cell = raw.at[i, col].strip()
            check.add([line_of[i]], col, f"„{_show(cell)}“ {reason}" if cell else str(reason))
        shown_limit = f"{limit:,.0f}".replace(",", ".")
        for i in raw.index[values > limit]:
            check.add([line_of[i]], col, f"„{_show(raw.at[i, col])}“ ist zu groß (höchstens {shown_limit})")
        out[col] = values.where(values <= limit)
    for col in ("sold", "baked"):
        if col not in out:
            continue
        # zeros are days the item was not offered (seasonal goods): the median of the selling days counts
        selling = out[col].where(out[col] > 0)
        median = selling.groupby([out["branch"], out["product"]]).transform("median").fillna(0.0).clip(lower=1.0)
        spike = out[col] > OUTLIER_FACTOR * median
        for i in spike[spike].index:
            check.add(
                [line_of[i]],
                col,
                f"{out.at[i, col]:.0f} ist mehr als das {OUTLIER_FACTOR}-Fache des Medians "
                f"dieser Reihe ({out.at[i, 'branch']}, {out.at[i, 'product']}: {median[i]:.0f})",
            )
    if "baked" in out:
        less = out["baked"] < out["sold"]
        check.add(line_of[less], "baked", "ist kleiner als „sold“ (verkauft)")
    key = out["date"].astype(str) + "|" + out["branch"] + "|" + out["product"]
    first = pd.Series(line_of.groupby(key).transform("min"), index=out.index)
    dup = key.duplicated() & out["date"].notna()
    for i in dup[dup].index:
        check.add([line_of[i]], "date", f"Datum, Filiale und Produkt wie in Zeile {first[i]} (doppelt)")

    problems = check.problems()
    bad_lines = {p.line for p in problems}
    good_days = out.loc[~line_of.isin(bad_lines), "date"].dropna().nunique()
    file_level = []
    if good_days < MIN_DAYS:
        days = "einen Tag" if good_days == 1 else f"{good_days} Tage"
        file_level.append(
            f"Die Datei enthält verwendbare Verkäufe für nur {days}; für Prognosen sind mindestens "
            f"{MIN_DAYS} Tage Verlauf nötig."
        )
    if problems or file_level:
        raise DataError(_message(name, problems, file_level, _headers(path, name)))
    out["date"] = out["date"].dt.normalize()
    return out
