"""The settings each page keeps: one declared table (issue 15 item 7).

A setting is a key of the session: a page's value kept with ``state.put`` (``kind``
``"setting"``) or a widget's value (``"widget"``). The table says, for each, which page
keeps it, whether it is **saved in the workspace** (``ui.state`` writes it on every
change) and whether it is **mirrored in the URL** (``ui.urlstate``: its query type and,
where it differs from the key, the parameter's name). A key ending in ``*`` declares a
family (``budget.ch.*``: one slider per channel).

Widgets are saved when a page presets them (``state.set_widget``) and the table says
``saved``; settings whenever they change. A key the table does not declare is saved
unless its name marks it as passing (``flash``, ``pending``, ``_memo``); a test keeps
every key the code uses declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from typing import Literal

__all__ = ["Setting", "TABLE", "find", "saved", "url_params", "global_params", "ParamType"]

ParamType = Literal["str", "int", "num", "bool", "date", "dates", "list"]
Kind = Literal["setting", "widget"]


@dataclass(frozen=True)
class Setting:
    key: str  # the session key (a trailing "*": a family of keys)
    page: str  # the page that keeps it ("app": every page)
    kind: Kind
    saved: bool  # written to the workspace
    url: ParamType | None = None  # mirrored in the URL query with this type
    param: str | None = None  # the URL parameter's name when it is not the key


def _w(key: str, page: str, url: ParamType | None = None, *, saved: bool = True) -> Setting:
    return Setting(key, page, "widget", saved, url)


def _s(key: str, page: str, *, saved: bool = True) -> Setting:
    return Setting(key, page, "setting", saved)


TABLE: tuple[Setting, ...] = (
    # every page: language per browser, meeting mode per link; the shop's number settings
    _w("app.lang", "app", saved=False),
    Setting("app.meeting", "app", "widget", False, "bool", "meeting"),
    _s("shop.currency", "app"),
    _s("shop.rise", "app"),
    _w("shop.w.*", "app", saved=False),  # the sidebar's widgets (the settings above are saved)
    _s("workspace.mappings", "app"),  # column mappings remembered per header layout
    _w("workspace.confirm", "app", saved=False),  # never a ticked "delete" on reopening
    _w("workspace.recent", "app", saved=False),
    # Overview
    _w("home.period", "home", "str"),
    _w("home.range", "home", "dates"),
    _s("home.rules_version", "home"),
    _s("home.report_pending", "home", saved=False),  # this session's files only
    _w("home.report_lang", "home", saved=False),
    # Import
    _w("data.kind.*", "data"),
    _w("data.opt.*", "data"),
    _w("data.sheet.*", "data"),
    _w("data.rel.dataset", "data"),
    _s("data.rel.pending", "data", saved=False),
    _w("data.engine.url", "data", saved=False),  # may hold a user name; never a password
    _w("data.engine.tables", "data", saved=False),
    _w("data.engine.mapping", "data", saved=False),
    _w("data.engine.mode", "data", saved=False),
    _s("engine.live", "app"),  # tables queried in place, opened again on a reload (no secrets)
    _s("engine.loaded", "app"),  # where each engine-loaded dataset came from (no secrets)
    # Traffic
    _w("traffic.range", "traffic", "dates"),
    _w("traffic.compare", "traffic", "str"),
    _w("traffic.compare_range", "traffic", "dates"),
    _w("traffic.freq", "traffic", "str"),
    _w("traffic.regroup", "traffic", "bool"),
    _w("traffic.eff_metric", "traffic"),
    _s("traffic.rules", "traffic"),
    _s("traffic.rules_version", "traffic"),
    _s("traffic.picked", "traffic"),
    _s("traffic.pick_seen.*", "traffic"),
    # Segments
    _w("segments.as_of", "segments", "date"),
    _w("segments.previous", "segments", "date"),
    _w("segments.bins", "segments", "int"),
    _w("segments.freq", "segments", "str"),
    _w("segments.mon", "segments", "str"),
    _w("segments.scheme", "segments", "str"),
    _w("segments.threshold", "segments", "str"),
    _s("segments.previous_for", "segments"),
    # Funnel
    _w("funnel.count", "funnel", "str"),
    _w("funnel.order", "funnel", "str"),
    _w("funnel.window", "funnel", "num"),
    _w("funnel.window_unit", "funnel", "str"),
    _w("funnel.exclude", "funnel", "bool"),
    _w("funnel.bd_by", "funnel", "str"),
    _w("funnel.trend_freq", "funnel", "str"),
    _w("funnel.n_steps", "funnel"),
    _w("funnel.label.*", "funnel"),
    _w("funnel.events.*", "funnel"),
    _s("funnel.steps_for", "funnel"),
    # Retention & LTV
    _w("retention.source", "retention", "str"),
    _w("retention.period", "retention", "str"),
    _w("retention.definition", "retention", "str"),
    _w("retention.window", "retention", "str"),
    _w("retention.start_event", "retention"),
    _w("retention.return_event", "retention"),
    _w("retention.margin", "retention", "num"),
    _w("retention.value_by", "retention", "str"),
    _w("retention.discount", "retention", "num"),
    # Pricing
    _w("pricing.own", "pricing", "str"),
    _w("pricing.freq", "pricing", "str"),
    _w("pricing.method", "pricing", "str"),
    _w("pricing.rival", "pricing", "str"),
    _w("pricing.product", "pricing", "str"),
    _s("pricing.costs", "pricing"),
    _s("pricing.matches", "pricing"),
    _s("pricing.proposed", "pricing"),
    # Budget
    _w("budget.source", "budget", "str"),
    _w("budget.mode", "budget", "str"),
    _w("budget.total", "budget", "num"),
    _w("budget.sc_pick", "budget", "list"),
    _w("budget.ch.*", "budget"),
    _s("budget.plan", "budget"),
    _s("budget.scenarios", "budget"),
    _s("budget.optimum", "budget"),
    _s("budget.signature", "budget"),  # the data and fit the plan belongs to
    _s("budget.manual", "budget"),
    _s("budget.uploaded", "budget"),
    _s("budget.sc_known", "budget"),
    _s("budget.pending_total", "budget"),
    _s("budget.flash", "budget", saved=False),  # a message for the next rerun
    _s("budget.grid_memo", "budget", saved=False),  # recomputed from the data
    _s("budget.sc_memo", "budget", saved=False),
    # Experiments
    _w("experiments.source", "experiments", "str"),
    _w("experiments.variant_col", "experiments", "str"),
    _w("experiments.conversion", "experiments"),
    _w("experiments.value", "experiments"),
    _w("experiments.population", "experiments"),
    _w("experiments.segment", "experiments"),
    _w("experiments.control", "experiments", "str"),
    _w("experiments.alpha", "experiments"),
    _w("experiments.rpu", "experiments"),
    _w("experiments.mde", "experiments", "num"),
    _w("experiments.split", "experiments", "str"),
    _w("experiments.table", "experiments", saved=False),  # the typed table's edits
    _w("experiments.orders_users.*", "experiments", saved=False),
    _w("experiments.plan_*", "experiments"),
)


@cache
def _index() -> tuple[dict[str, Setting], tuple[Setting, ...]]:
    exact = {s.key: s for s in TABLE if not s.key.endswith("*")}
    families = tuple(sorted((s for s in TABLE if s.key.endswith("*")), key=lambda s: -len(s.key)))
    return exact, families


def find(key: str) -> Setting | None:
    """The declared setting of ``key`` (itself, else the longest family it belongs to)."""
    exact, families = _index()
    if key in exact:
        return exact[key]
    return next((s for s in families if fnmatchcase(key, s.key)), None)


#: names of undeclared keys that only carry a message or memoise what the data gives again
PASSING = ("flash", "pending", "_memo")


def saved(key: str) -> bool:
    """Whether ``key`` is written to the workspace (see the module's note on undeclared keys)."""
    s = find(key)
    return not any(w in key for w in PASSING) if s is None else s.saved


def url_params() -> dict[str, list[tuple[str, ParamType]]]:
    """page -> [(widget key, query type)]: the filters each page mirrors in the URL."""
    out: dict[str, list[tuple[str, ParamType]]] = {}
    for s in TABLE:
        if s.url and s.page != "app":
            out.setdefault(s.page, []).append((s.key, s.url))
    return out


def global_params() -> list[tuple[str, str, ParamType]]:
    """[(parameter, widget key, query type)]: what every page mirrors (meeting mode)."""
    return [(s.param or s.key, s.key, s.url) for s in TABLE if s.url and s.page == "app"]
