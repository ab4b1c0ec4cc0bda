"""Demo-company data generator and loaders: determinism, columns, returns, Advent, closed days, user CSV."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from tools.company import data
from tools.company.catalog import BRANCH_BY_ID, BRANCHES, PRODUCT_BY_ID
from tools.company.generate import generate
from tools.company.sales import advent_sundays, state_holidays
from tools.errors import DataError, RequestError
from tools.settings import get_settings


@pytest.fixture(scope="module")
def sales() -> pd.DataFrame:
    return data.load_sales()


def test_columns_types_and_range(sales: pd.DataFrame) -> None:
    assert list(sales.columns) == data.SALES_COLUMNS
    assert pd.api.types.is_datetime64_any_dtype(sales["date"])
    assert (sales["date"] == sales["date"].dt.normalize()).all()
    today = get_settings().today()
    assert sales["date"].min() <= pd.Timestamp("2023-01-03")
    assert sales["date"].max() == pd.Timestamp(today - timedelta(days=1))
    assert (sales["sold"] == sales[["demand", "baked"]].min(axis=1)).all()
    assert (sales["sold_out"] == (sales["demand"] > sales["baked"])).all()
    times = sales.loc[sales["sold_out"], "sold_out_time"]
    assert times.str.fullmatch(r"\d\d:\d\d").all()
    assert sales.loc[~sales["sold_out"], "sold_out_time"].isna().all()
    assert set(sales["branch"]) == {b.id for b in BRANCHES}
    assert set(sales["product"]) == set(PRODUCT_BY_ID)


def test_returns_rate_and_sell_outs(sales: pd.DataFrame) -> None:
    returns = 1 - sales["sold"].sum() / sales["baked"].sum()
    assert 0.10 <= returns <= 0.20
    assert 0.02 < sales["sold_out"].mean() < 0.5


def test_closed_days_have_no_rows(sales: pd.DataFrame) -> None:
    days = set(sales["date"].dt.date)
    for year in (2023, 2024, 2025):
        for holiday in state_holidays(year):
            assert holiday not in days
        assert date(year, 12, 25) not in days and date(year, 12, 26) not in days
    sundays = sales[sales["date"].dt.day_of_week == 6]
    closed_on_sunday = {b.id for b in BRANCHES if b.opening.sunday is None}
    assert not set(sundays["branch"]) & closed_on_sunday
    assert set(sundays["branch"]) == set(BRANCH_BY_ID) - closed_on_sunday


def test_seasonal_products_only_in_season(sales: pd.DataFrame) -> None:
    stollen = sales[sales["product"] == "stollen"]["date"]
    assert stollen.dt.month.isin([11, 12]).all()
    assert ((stollen.dt.month == 11) & (stollen.dt.day < 15)).sum() == 0
    pfann = sales[sales["product"] == "pfannkuchen"]
    silvester = pfann[(pfann["date"].dt.month == 12) & (pfann["date"].dt.day == 31)]["demand"].mean()
    other = pfann[~((pfann["date"].dt.month == 12) & (pfann["date"].dt.day == 31))]["demand"].mean()
    assert silvester > 3 * other
    # baumkuchen a little all year
    assert (sales[sales["product"] == "baumkuchen"]["date"].dt.month == 6).any()


def test_advent_weekend_uplift_on_sweet_goods(sales: pd.DataFrame) -> None:
    s = sales[sales["date"].dt.day_of_week == 5].copy()  # Saturdays
    advent_sat = {d - timedelta(days=1) for y in (2023, 2024, 2025) for d in advent_sundays(y)}
    s["advent"] = s["date"].dt.date.isin(advent_sat)
    s = s[(s["date"].dt.month.isin([10, 11, 12])) & (s["date"].dt.year < 2026)]
    s["sweet"] = s["product"].map(lambda p: PRODUCT_BY_ID[p].sweet and PRODUCT_BY_ID[p].seasonal is None)
    s["bread"] = s["product"].map(lambda p: PRODUCT_BY_ID[p].group in ("brot", "broetchen"))
    g = s.groupby("advent").apply(lambda x: x.loc[x["sweet"], "demand"].sum() / x.loc[x["bread"], "demand"].sum())
    uplift = g[True] / g[False] - 1
    assert 0.10 < uplift < 0.35


def test_weather_plausible_and_drives_sales(sales: pd.DataFrame) -> None:
    w = data.load_weather()
    assert list(w.columns) == ["date", "temp_c", "rain_mm", "cloud_okta"]
    monthly = w.groupby(w["date"].dt.month)["temp_c"].mean()
    assert monthly[7] > 14 and monthly[1] < 4
    assert 0.3 < (w["rain_mm"] > 0).mean() < 0.6
    brot = sales[sales["product"] == "landbrot"].merge(w, on="date")
    assert brot.loc[brot["temp_c"] > 22, "demand"].mean() < brot.loc[brot["temp_c"].between(5, 15), "demand"].mean()


def test_history_is_deterministic(tmp_path: Path, sales: pd.DataFrame) -> None:
    generate(tmp_path / "company", date(2023, 4, 1))
    short = pd.read_csv(tmp_path / "company" / "sales.csv", parse_dates=["date"])
    full = sales[sales["date"] <= short["date"].max()].reset_index(drop=True)
    assert len(short) == len(full)
    assert (short["demand"].to_numpy() == full["demand"].to_numpy()).all()
    assert (short["baked"].to_numpy() == full["baked"].to_numpy()).all()


def test_other_loaders() -> None:
    staff = data.load_staff()
    assert len(staff) >= 28
    names = {e.name: e for e in staff}
    assert names["Sabine Knusprig"].role == "Leitung"
    assert names["Hans Knusprig"].role == "Bäcker" and names["Hans Knusprig"].site == "backstube"
    assert all(e.site == "backstube" or e.site in BRANCH_BY_ID for e in staff)
    assert all(s <= e for emp in staff for s, e in emp.vacation)
    ovens = data.load_ovens()
    assert {o.kind for o in ovens} == {"etagenofen", "stikkenofen"}
    assert len(data.load_vehicles()) == 4
    fin = data.load_finance_monthly()
    month_rev = data.load_sales()
    sales_revenue = (month_rev["sold"] * month_rev["price_eur"]).groupby(month_rev["date"].dt.to_period("M")).sum()
    last = fin.iloc[-1]
    assert last["revenue"] == pytest.approx(sales_revenue[last["month"].to_period("M")], rel=1e-6)
    assert last["month"] == pd.Timestamp(get_settings().today().replace(day=1)) - pd.offsets.MonthBegin(1)
    acc = data.load_account()
    assert acc.as_of == get_settings().today() - timedelta(days=1) and acc.vat_rate_food == 0.07
    stock = data.load_stock()
    recipe_names = {n for p in PRODUCT_BY_ID.values() for n in p.recipe.ingredients_kg}
    assert set(stock) == recipe_names and stock["Weizenmehl 550"] > 0


def _with_csv(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setenv("SYNERKI_SALES_CSV", str(path))
    get_settings.cache_clear()


def _export(
    days: int = 30,
    sep: str = ",",
    header: str = "date,branch,product,sold",
    sold: str = "{n}",
    date_format: str = "%Y-%m-%d",
    extra: str = "",
) -> str:
    """A sales export of `days` days up to yesterday (2026-11-24) for one branch and product."""
    last = date(2026, 11, 24)
    rows = [
        sep.join(
            [
                (last - timedelta(days=days - 1 - i)).strftime(date_format),
                "laden1",
                "schrippe",
                sold.format(n=120 + i % 7),
            ]
        )
        for i in range(days)
    ]
    return "\n".join([header.replace(",", sep), *rows]) + "\n" + extra


def test_user_csv_replaces_sales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "export.csv"
    f.write_text(
        _export(header="Datum,Filiale,Artikel,Verkauft,Gebacken", sep=";", date_format="%d.%m.%Y", sold="{n};130"),
        encoding="utf-8",
    )
    _with_csv(monkeypatch, f)
    try:
        df = data.load_sales()
    finally:
        monkeypatch.delenv("SYNERKI_SALES_CSV")
        get_settings.cache_clear()
    assert list(df.columns) == data.SALES_COLUMNS
    assert df["date"].iloc[0] == pd.Timestamp("2026-10-26") and df["date"].iloc[-1] == pd.Timestamp("2026-11-24")
    assert df["sold"].tolist()[:2] == [120, 121] and df["sold_out"].sum() == 0


@pytest.mark.parametrize(
    "content, needle",
    [
        ("date,branch,product\n2026-03-01,a,schrippe\n", "fehlt die Spalte „verkauft“"),
        (_export(extra="kein-datum,a,schrippe,3\n"), "Zeile 32, Spalte „date“"),
        (_export(extra="2026-03-01,a,schrippe,viele\n"), "keine Zahl"),
    ],
)
def test_bad_user_csv_raises_german_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, needle: str
) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(content, encoding="utf-8")
    _with_csv(monkeypatch, f)
    try:
        with pytest.raises(DataError, match=needle):
            data.load_sales()
    finally:
        monkeypatch.delenv("SYNERKI_SALES_CSV")
        get_settings.cache_clear()


# a file that is valid CSV but unusable is rejected as a whole, naming row and column (issue 18)
BAD_EXPORTS = {
    "one row": ("date,branch,product,sold\n2026-11-01,laden1,schrippe,120\n", "mindestens 28 Tage"),
    "dated 2028": (_export(extra="2028-01-05,laden1,schrippe,120\n"), "Zeile 32, Spalte „date“: 05.01.2028 liegt nach"),
    "1e300": (_export().replace(",120\n", ",1e300\n", 1), "Zeile 2, Spalte „sold“: „1e300“ ist zu groß"),
    "inf": (_export().replace(",120\n", ",inf\n", 1), "Zeile 2, Spalte „sold“: „inf“ ist keine Zahl"),
    "negative": (_export().replace(",121\n", ",-3\n", 1), "Zeile 3, Spalte „sold“: „-3“ ist negativ"),
    "not a number": (_export().replace(",122\n", ",viele\n", 1), "Zeile 4, Spalte „sold“: „viele“ ist keine Zahl"),
    "50 × median": (
        _export().replace(",123\n", ",9000\n", 1),
        "Zeile 5, Spalte „sold“: 9000 ist mehr als das 50-Fache",
    ),
    "formula": (
        _export(extra='2026-11-24,"=HYPERLINK(""http://x"",""Klick"")",schrippe,3\n'),
        "Zeile 32, Spalte „branch“: „=HYPERLINK",
    ),
    "formula in number": (_export().replace(",124\n", ",=1+2\n", 1), "Zeile 6, Spalte „sold“: „=1+2“ ist eine Formel"),
    "at formula": (_export(extra="2026-11-24,laden1,@SUMME(A1),3\n"), "Zeile 32, Spalte „product“"),
    "duplicate": (
        _export(extra="2026-11-24,laden1,schrippe,3\n"),
        "Zeile 32, Spalte „date“: Datum, Filiale und Produkt wie",
    ),
    "empty file": ("", "ist leer"),
    "header only": ("date,branch,product,sold\n", "keine Datenzeilen"),
    "bom only": ("\ufeff", "ist leer"),
    "baked < sold": (_export(header="date,branch,product,sold,baked", sold="{n},100"), "Zeile 2, Spalte „baked“"),
}


@pytest.mark.parametrize("name", list(BAD_EXPORTS))
def test_unusable_export_is_rejected_in_german_naming_row_and_column(tmp_path: Path, name: str) -> None:
    content, needle = BAD_EXPORTS[name]
    f = tmp_path / "export.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as err:
        data.parse_user_sales(f)
    assert needle in str(err.value)
    for library_text in ("Error", "could not", "codec", "delimiter", "nan", "-9223372036854775808"):
        assert library_text not in str(err.value)


def test_rejection_lists_every_bad_row_up_to_a_limit(tmp_path: Path) -> None:
    from tools.company.sales_file import MAX_LISTED

    f = tmp_path / "export.csv"
    f.write_text(_export(sold="x{n}"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        data.parse_user_sales(f)
    text = str(err.value)
    assert text.count("ist keine Zahl") == MAX_LISTED and "… und 20 weitere Stellen" in text
    assert "Zeile 2, Spalte „sold“" in text and "mindestens 28 Tage" in text


def test_excel_exports_are_read(tmp_path: Path) -> None:
    """Excel's "CSV UTF-8" (BOM), Windows-1252 with ü as 0xfc, semicolons and decimal commas."""
    german = _export(
        header="Datum;Filiale;Artikel;Verkauft;Preis", sep=";", date_format="%d.%m.%Y", sold="{n};1,25"
    ).replace("schrippe", "Brötchen süß")
    variants = {
        "bom.csv": ("\ufeff" + _export()).encode("utf-8"),
        "cp1252.csv": german.encode("cp1252"),
        "utf8.csv": german.encode("utf-8"),
    }
    for file_name, raw in variants.items():
        f = tmp_path / file_name
        f.write_bytes(raw)
        df = data.parse_user_sales(f)
        assert len(df) == 30 and df["sold"].iloc[0] == 120, file_name
    assert "\xfc" in variants["cp1252.csv"].decode("latin-1")
    assert df["product"].iloc[0] == "Brötchen süß" and df["price_eur"].iloc[0] == 1.25


def test_thousands_separators_and_times_in_german_exports(tmp_path: Path) -> None:
    f = tmp_path / "export.csv"
    f.write_text(_export(sep=";", date_format="%d.%m.%Y 00:00", sold="1.{n}"), encoding="utf-8")
    df = data.parse_user_sales(f)
    assert df["sold"].iloc[0] == 1120 and df["date"].iloc[0] == pd.Timestamp("2026-10-26")


def test_undecodable_file_gets_german_message(tmp_path: Path) -> None:
    f = tmp_path / "export.csv"
    f.write_bytes(_export().encode("utf-8") + b"2026-11-24,laden1,schrippe\x81,3\n")
    with pytest.raises(DataError, match="Zeichenkodierung"):
        data.parse_user_sales(f)


def test_versions_are_kept_and_undo_restores_the_previous(tmp_path: Path, fresh_var: Path) -> None:
    from tools.company import own_sales

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(_export(), encoding="utf-8")
    second.write_text(_export(days=40), encoding="utf-8")
    assert data.own_sales_path() is None  # the demo company
    assert own_sales.commit(own_sales.stage(first)) == 1
    assert own_sales.commit(own_sales.stage(second)) == 2
    assert len(data.load_sales()) == 40 and [p.name for p in own_sales.versions()] == ["0001.csv", "0002.csv"]
    assert not list((data.user_sales_path().parent / "pending").glob("*.csv"))  # staged copies are used up
    assert own_sales.undo().model_dump() == {"removed": 2, "restored": 1}
    assert len(data.load_sales()) == 30  # the loaders' cache sees the restored file
    assert own_sales.undo().restored is None and data.own_sales_path() is None  # demo data again
    with pytest.raises(RequestError, match="keinen Import"):
        own_sales.undo()
    assert len(list(own_sales.versions_dir().glob("*.undone.*.csv"))) == 2  # nothing is deleted
