"""`python -m evals.returns [--quick]`: plan vs. baker's rules on the Kiel data and the demo company.

Each week (Mon–Sun) is planned from the data up to the Saturday before (two days' lead, as a
bakery orders). Kiel: `Umsatz` (euros) is the demand, one euro of goods sells for 1.00, costs 0.35
and is worth nothing left over (critical ratio 0.65). Demo: pieces, catalog prices/costs/leftover
values, the planner learns from the *sold* figures (censored on sold-out days, corrected by the
sell-out time) and is scored against the simulated true demand.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import pandas as pd  # noqa: E402

from tools.production.backtest import BacktestResult, run_backtest  # noqa: E402
from tools.production.model import ModelConfig  # noqa: E402
from tools.production.newsvendor import Economics  # noqa: E402

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "kiel_bakery"
DEMO_BRANCHES = ["stendal_markt", "gardelegen", "havelberg"]
DEMO_PRODUCTS = ["schrippe", "landbrot", "roggenbrot", "buttercroissant", "streuselkuchen"]
KIEL_ECON = Economics(price=1.0, cost=0.35, salvage=0.0)


def _table(res: BacktestResult) -> str:
    lines = [
        f"{'Politik':<12}{'Aufschlag':>10}{'Retourenquote':>15}{'Lieferquote':>13}{'Ausverkauft':>13}{'Gewinn €':>13}"
    ]
    p = res.plan
    lines.append(
        f"{'Plan':<12}{'–':>10}{p.returns_rate:>15.4f}{p.fill_rate:>13.4f}{p.soldout_days:>13d}{p.profit_eur:>13.0f}"
    )
    for r in res.rules:
        if round(r.markup * 100) % 10 == 0:
            lines.append(
                f"{r.policy:<12}{r.markup:>10.2f}{r.returns_rate:>15.4f}{r.fill_rate:>13.4f}"
                f"{r.soldout_days:>13d}{r.profit_eur:>13.0f}"
            )
    return "\n".join(lines)


def _report(name: str, res: BacktestResult, ratio_goal: float) -> dict:
    print(f"\n=== {name}: {res.start} – {res.end}, {res.series} Reihen, {res.days} Tage ===")
    print(_table(res))
    ratio = res.ratio_vs_best_rule
    prof_ok = res.plan.profit_eur > res.best_rule_profit_eur
    print(
        f"Retouren Plan / bessere Regel bei gleicher Lieferquote: "
        f"{ratio:.3f} (Regel {res.best_rule_at_same_fill}; Ziel ≤ {ratio_goal:.2f}) "
        f"{'OK' if ratio is not None and ratio <= ratio_goal else 'VERFEHLT'}"
        if ratio is not None
        else "Retouren-Verhältnis: Lieferquote des Plans außerhalb der Regelspanne"
    )
    print(
        f"Gewinn Plan {res.plan.profit_eur:.0f} € vs. beste Regel (jeder Aufschlag) {res.best_rule_profit_eur:.0f} € "
        f"{'OK' if prof_ok else 'VERFEHLT'}"
    )
    print("Quantil-Abdeckung: " + ", ".join(f"{k}: {v:.3f}" for k, v in res.coverage.items()))
    print("Pinball-Verlust:   " + ", ".join(f"{k}: {v:.2f}" for k, v in res.pinball.items()))
    print(
        f"Zeit je Wochenplan: Mittel {res.seconds_per_week:.2f} s, höchstens {res.max_seconds_week:.2f} s "
        f"(Woche mit Neu-Fit inkl. Kalibrierung; {res.series} Reihen; Ziel < 10 s für 15 Reihen)"
    )
    return {
        "ratio": ratio,
        "plan_profit": res.plan.profit_eur,
        "best_rule_profit": res.best_rule_profit_eur,
        "coverage": res.coverage,
        "seconds_per_week": res.seconds_per_week,
        "max_seconds_week": res.max_seconds_week,
        "plan": res.plan.model_dump(),
        "ratio_goal": ratio_goal,
        "profit_ok": prof_ok,
    }


def prophet_baseline(hist: pd.DataFrame, frame: pd.DataFrame, weeks: list[pd.Timestamp]) -> BacktestResult:
    """Plain Prophet newsvendor with its raw 80 % interval read as a normal distribution (weekly refit)."""
    from scipy.stats import norm

    from tools.forecast.api import forecast_frame
    from tools.production.backtest import summarize

    z80, zc = norm.ppf(0.9), norm.ppf(KIEL_ECON.critical_ratio())
    parts, secs = [], []
    for ws in weeks:
        t0 = time.perf_counter()
        f = forecast_frame(
            hist[hist["date"] <= ws - pd.Timedelta(days=2)],
            ws.date(),
            (ws + pd.Timedelta(days=6)).date(),
            holidays_region="DE-SH",
        )
        secs.append(time.perf_counter() - t0)
        parts.append(f)
    f = pd.concat(parts, ignore_index=True).assign(series=lambda x: x["series"].astype(str))
    m = frame.merge(f, on=["date", "series"], how="left", suffixes=("", "_p"))
    sigma = ((m["upper"] - m["lower"]) / (2 * z80)).clip(lower=0)
    m["plan"] = (m["forecast_p"] + zc * sigma).clip(lower=0).fillna(0)
    for lv in (0.1, 0.5, 0.8, 0.9):
        m[f"q{int(lv * 100)}"] = m["forecast_p"] + norm.ppf(lv) * sigma
    res = summarize(m, {s: KIEL_ECON for s in m["series"].unique()}, False, float(sum(secs) / len(secs)))
    res.max_seconds_week = max(secs)
    return res


def _kiel_weeks(weeks: int) -> tuple[pd.DataFrame, pd.Timestamp, dict] | None:
    """Kiel sales (date, series, value), the Monday `weeks` full weeks before the end, one economics per group;
    None (with a note) when the shared data is absent."""
    path = SHARED / "umsatz.csv"
    if not path.is_file():
        print("Kiel-Daten (../shared/data/kiel_bakery) fehlen – übersprungen.")
        return None
    d = pd.read_csv(path)
    hist = pd.DataFrame(
        {"date": pd.to_datetime(d["Datum"]), "series": d["Warengruppe"].astype(str), "value": d["Umsatz"]}
    )
    last = hist["date"].max()
    first = (last - pd.Timedelta(days=last.weekday())) - pd.Timedelta(weeks=weeks)
    return hist, first, {s: KIEL_ECON for s in hist["series"].unique()}


def kiel_prior(
    hist: pd.DataFrame, first: pd.Timestamp, weeks: int, step: int = 28, train_years: float | None = None
) -> pd.DataFrame:
    """Plain Prophet (weather, holidays, Kieler Woche) refitted every 4 weeks on the grid of the backtest's
    refits, from a year and a quarter before `first` (selection and residuals need that past); cached.
    `step`/`train_years`: refit every `step` days on the last N years only (the live stream's cheaper settings)."""
    import hashlib
    import pickle

    from evals.forecast.kiel import load_kiel
    from tools.forecast.selection import frame_key
    from tools.production.prior import fit_cutoffs, prophet_stream
    from tools.settings import get_settings

    _, reg = load_kiel(SHARED)
    start = first - pd.Timedelta(days=364 + 7 * 16)
    end = first + pd.Timedelta(weeks=weeks) - pd.Timedelta(days=1)
    tail = "" if (step, train_years) == (28, None) else f"|{step}|{train_years}"
    key = hashlib.sha1(f"1|{frame_key(hist)}|{frame_key(reg)}|{first}|{weeks}{tail}".encode()).hexdigest()[:16]
    path = get_settings().var_dir / "cache" / f"returns-prophet-{key}.pkl"
    if path.is_file():
        return pickle.loads(path.read_bytes())
    t0 = time.perf_counter()
    cuts = fit_cutoffs(first.date(), start.date(), end.date(), step_days=step)
    stream = prophet_stream(hist, reg, "DE-SH", cuts, end.date(), train_years=train_years)
    print(f"(Prophet-Strom: {len(cuts)} Fits je Warengruppe, {time.perf_counter() - t0:.0f} s, zwischengespeichert)")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(stream))
    return stream


def _ratio(res: BacktestResult) -> str:
    r = res.ratio_vs_best_rule
    return "–" if r is None else f"{r:.3f}"


def _vs_prophet(plan: BacktestResult, prophet: BacktestResult) -> float | None:
    """Our plan's return ratio over plain Prophet's (both against the rule at their own fill rate)."""
    a, b = plan.ratio_vs_best_rule, prophet.ratio_vs_best_rule
    return None if a is None or b is None or b == 0 else a / b


def kiel(weeks: int, prophet: bool = False) -> dict | None:
    """Kiel bakery data, the last `weeks` full weeks."""
    loaded = _kiel_weeks(weeks)
    if loaded is None:
        return None
    hist, first, econ = loaded
    res, frame = run_backtest(
        hist, hist.rename(columns={"value": "demand"}), econ, first.date(), weeks, ModelConfig(region="DE-SH")
    )
    out = _report("Kiel (Umsatz als Nachfrage)", res, 0.60)
    prior = kiel_prior(hist, first, weeks)
    pres, _ = run_backtest(
        hist,
        hist.rename(columns={"value": "demand"}),
        econ,
        first.date(),
        weeks,
        ModelConfig(region="DE-SH", gbm_weight=0.0),
        prior=prior,
    )
    out["prophet_nv"] = _report(
        "Kiel – einfaches Prophet, Newsvendor mit eigenen Außer-Stichproben-Residuen", pres, 0.60
    )
    vp = _vs_prophet(res, pres)
    out["plan_vs_prophet"] = vp
    print(f"\nPlan / einfaches Prophet (Retouren-Verhältnisse zur Regel): {vp if vp is None else round(vp, 3)}")
    if prophet:
        wk = [first + pd.Timedelta(weeks=k) for k in range(weeks)]
        out["prophet_raw"] = _report(
            "Kiel – Vergleich: Prophet-Newsvendor mit rohem 80-%-Intervall", prophet_baseline(hist, frame, wk), 0.60
        )
    return out


def kiel_nested(weeks: int) -> dict | None:
    """Kiel, the last `weeks` weeks: fixed settings (in-sample) beside settings chosen on the weeks before each
    cutoff only – every quarter, and once before the scored year (out-of-time split) – each without and with
    the blends with plain Prophet as candidates; plain Prophet's own newsvendor beside them."""
    from tools.production.selection import select_plan

    loaded = _kiel_weeks(weeks)
    if loaded is None:
        return None
    hist, first, econ = loaded
    base = ModelConfig(region="DE-SH")
    dem = hist.rename(columns={"value": "demand"})
    prior = kiel_prior(hist, first, weeks)
    fixed, _ = run_backtest(hist, dem, econ, first.date(), weeks, base)
    prophet, _ = run_backtest(
        hist, dem, econ, first.date(), weeks, ModelConfig(region="DE-SH", gbm_weight=0.0), prior=prior
    )
    out = {
        "in_sample": _report("Kiel – feste Einstellungen (in-sample)", fixed, 0.60),
        "prophet": _report("Kiel – einfaches Prophet (Newsvendor, eigene Außer-Stichproben-Residuen)", prophet, 0.60),
    }
    auto = ModelConfig(region="DE-SH", gbm_weight=-1.0)
    fixed_auto, _ = run_backtest(hist, dem, econ, first.date(), weeks, auto, prior=prior)
    out["fest, automatische Mischung"] = _report("Kiel – fest, automatische Mischung mit Prophet", fixed_auto, 0.60)
    rows = [("fest (in-sample)", fixed), ("einfaches Prophet", prophet), ("fest, automatische Mischung", fixed_auto)]
    # (label, reselect every n weeks, base settings, Prophet stream, fixed-weight blends as candidates,
    # inner weeks the choice is scored on)
    once = f"einmal vor {first.date()} gewählt"
    runs = [
        ("je Quartal gewählt", 13, base, None, True, 12),
        ("je Quartal gewählt, mit Prophet-Mischungen", 13, base, prior, True, 12),
        ("je Quartal gewählt, automatische Mischung", 13, auto, prior, False, 12),
        ("je Quartal auf 26 Wochen gewählt", 13, base, None, True, 26),
        ("je Quartal auf 26 Wochen gewählt, autom. Mischung", 13, auto, prior, False, 26),
        (once, weeks, base, None, True, 12),
        (f"{once}, mit Prophet-Mischungen", weeks, base, prior, True, 12),
        (f"{once}, automatische Mischung", weeks, auto, prior, False, 12),
        (f"{once} (26 Wochen)", weeks, base, None, True, 26),
        (f"{once} (26 Wochen), autom. Mischung", weeks, auto, prior, False, 26),
    ]
    for label, every, cfg, p, blends, inner in runs:
        picks: list[str] = []

        def selector(
            h: pd.DataFrame,
            cutoff: date,
            p: pd.DataFrame | None = p,
            cfg: ModelConfig = cfg,
            blends: bool = blends,
            inner: int = inner,
            picks: list[str] = picks,
        ) -> ModelConfig:
            ch = select_plan(h, cutoff, econ, KIEL_ECON, cfg, weeks=inner, prior=p, blends=blends)
            picks.append(f"{cutoff}: {ch.label()}")
            return ch.config(cfg)

        t0 = time.process_time()
        sel, _ = run_backtest(
            hist, dem, econ, first.date(), weeks, cfg, selector=selector, reselect_every=every, prior=p
        )
        out[label] = _report(f"Kiel – {label} (nur Vergangenheit)", sel, 0.60)
        print("Wahl: " + "; ".join(picks) + f" ({time.process_time() - t0:.0f} CPU-s)")
        rows.append((label, sel))
    print(
        f"\n{'Kiel, ' + str(weeks) + ' Wochen ab ' + str(first.date()):<58}{'Retouren/Regel':>15}{'/Prophet':>10}"
        f"{'Lieferquote':>12}{'Gewinn €':>10}{'s/Woche':>9}"
    )
    for label, r in rows:
        vp = _vs_prophet(r, prophet)
        print(
            f"{label:<58}{_ratio(r):>15}{'–' if vp is None else f'{vp:.3f}':>10}{r.plan.fill_rate:>12.4f}"
            f"{r.plan.profit_eur:>10.0f}{r.seconds_per_week:>9.2f}"
        )
    return out


def demo_nested(weeks: int) -> dict:
    """Demo company, 15 series, the last `weeks` weeks: the live plan's standard settings (fixed) beside the
    variant chosen every 12 weeks on the 12 weeks before each cutoff only, as the live plan now does."""
    from tools.company.data import load_sales
    from tools.production.demo import planner_history, product_economics, series_id
    from tools.production.plan import demand_config
    from tools.production.selection import select_plan

    s = load_sales()
    s = s[s["branch"].isin(DEMO_BRANCHES) & s["product"].isin(DEMO_PRODUCTS)].reset_index(drop=True)
    hist = planner_history(s)
    dem = pd.DataFrame({"date": hist["date"], "series": hist["series"], "demand": s["demand"].astype(float).to_numpy()})
    econ = {series_id(b, p): product_economics(p, []) for b in DEMO_BRANCHES for p in DEMO_PRODUCTS}
    default = product_economics("", [])
    last = hist["date"].max()
    first = (last - pd.Timedelta(days=last.weekday())) - pd.Timedelta(weeks=weeks)
    base = demand_config()
    fixed, _ = run_backtest(hist, dem, econ, first.date(), weeks, base, integer=True)
    picks: list[str] = []

    def selector(h: pd.DataFrame, cutoff: date) -> ModelConfig:
        ch = select_plan(h, cutoff, econ, default, base)
        gain = (ch.chosen_profit() or 0.0) - (ch.standard_profit() or 0.0)
        picks.append(f"{cutoff}: {ch.label()} (+{gain:.0f} € ggü. Standard in den 12 Wochen davor)")
        return ch.config(base)

    t0 = time.process_time()
    sel, _ = run_backtest(
        hist, dem, econ, first.date(), weeks, base, integer=True, selector=selector, reselect_every=12
    )
    out = {
        "in_sample": _report("Demo – Standardeinstellungen des Plans (fest)", fixed, 0.70),
        "out_of_time": _report("Demo – Variante alle 12 Wochen nur aus der Vergangenheit gewählt", sel, 0.70),
    }
    print("Wahl: " + "; ".join(picks) + f" ({time.process_time() - t0:.0f} CPU-s)")
    fr, sr = fixed.ratio_vs_best_rule, sel.ratio_vs_best_rule
    print(
        f"Demo, Retouren-Verhältnis zur Regel: fest {fr if fr is None else round(fr, 3)}, "
        f"gewählt außerhalb der Zeit {sr if sr is None else round(sr, 3)}; Gewinn {fixed.plan.profit_eur:.0f} € "
        f"vs. {sel.plan.profit_eur:.0f} €"
    )
    return out


def demo(weeks: int, uncensor: bool = True) -> dict:
    """Demo company, 15 series (3 branches × 5 products), the last `weeks` full weeks."""
    from tools.company.data import load_sales
    from tools.production.demo import planner_history, product_economics, series_id

    s = load_sales()
    s = s[s["branch"].isin(DEMO_BRANCHES) & s["product"].isin(DEMO_PRODUCTS)].reset_index(drop=True)
    hist = planner_history(s, uncensor=uncensor)
    dem = pd.DataFrame({"date": hist["date"], "series": hist["series"], "demand": s["demand"].astype(float).to_numpy()})
    econ = {series_id(b, p): product_economics(p, []) for b in DEMO_BRANCHES for p in DEMO_PRODUCTS}
    last = hist["date"].max()
    first = (last - pd.Timedelta(days=last.weekday())) - pd.Timedelta(weeks=weeks)
    res, _ = run_backtest(hist, dem, econ, first.date(), weeks, ModelConfig(region="DE-ST"), integer=True)
    title = "Demo Korn & Kruste" + ("" if uncensor else " – OHNE Korrektur ausverkaufter Tage (Vergleich)")
    return _report(title, res, 0.70)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.returns")
    ap.add_argument("--quick", action="store_true", help="13 statt 52 Wochen, ohne Zensur-Vergleich")
    ap.add_argument("--prophet", action="store_true", help="zusätzlich Prophet mit rohem Intervall auf Kiel (langsam)")
    ap.add_argument(
        "--nested", action="store_true", help="Kiel und Demo: Einstellungen nur aus der Vergangenheit (Issue 21.2)"
    )
    ap.add_argument("--years", action="store_true", help="alle Proben auf zwei Jahren außerhalb der Zeit (Issue 21)")
    ap.add_argument("--only", default="", help="mit --years: nur Zeilen, deren Name so beginnt (Komma-Liste)")
    ap.add_argument("--year", type=int, default=None, help="mit --years: nur Jahr 0 (2016/17) oder 1 (2017/18)")
    ap.add_argument("--chain", action="store_true", help="Demo-Kette mit vielen Reihen: Prophet-Mischung an/aus")
    args = ap.parse_args(argv)
    if args.chain:
        from evals.returns.chain import chain_table

        chain_table(args.quick)
        return 0
    if args.years:
        from evals.returns.years import kiel_years

        kiel_years([o for o in args.only.split(",") if o], args.year)
        return 0
    weeks = 13 if args.quick else 52
    if args.nested:
        kiel_nested(26 if args.quick else 52)
        demo_nested(26 if args.quick else 52)
        return 0
    t0 = time.perf_counter()
    out = {"kiel": kiel(weeks, args.prophet), "demo": demo(weeks)}
    if not args.quick:
        out["demo_censored"] = demo(weeks, uncensor=False)
    print(f"\nGesamtlaufzeit: {time.perf_counter() - t0:.0f} s")
    try:
        from tools.settings import get_settings

        path = get_settings().var_dir / "evals" / "returns.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(out, ensure_ascii=False, default=str, indent=1), encoding="utf-8")
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
