"""The heavy aggregations as SQL, written once in DuckDB's dialect.

Every query reads a source view (:meth:`analytics.engine.sources.Source.select`) and is
transpiled by sqlglot for the engine (:func:`analytics.engine.core.transpile`). Only
portable constructs are used: window functions with explicit frames (no named
``WINDOW`` clause), ``CASE`` sums instead of ``FILTER``, ``count(DISTINCT ...)``.

Funnel rules are those of :mod:`analytics.funnel`: a user's events in time order, events
at the same time in step order (the ``ORDER BY t, c`` of every window: rows tied on both
carry the same step, so their order never changes a result), the window measured from
the attempt's step-1 event, inclusive.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = [
    "interval",
    "step_case",
    "funnel_sql",
    "user_funnel_sql",
    "data_end_sql",
    "rfm_sql",
    "rfm_end_sql",
    "rfm_left_out_sql",
    "traffic_sql",
    "price_sql",
    "cohort_sql",
]

_FRAME_BEFORE = "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
_FRAME_AFTER = "ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING"
_FRAME_FROM = "ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING"


def _over(frame: str = "") -> str:
    return f"OVER (PARTITION BY u ORDER BY t, c {frame})".replace(" )", ")")


def literal(value: object) -> str:
    """A SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def interval(window: pd.Timedelta) -> str:
    """``window`` as a SQL interval (whole seconds where it can, else microseconds)."""
    us = int(window.value) // 1000
    if us % 1_000_000 == 0:
        return f"INTERVAL '{us // 1_000_000}' SECOND"
    return f"INTERVAL '{us}' MICROSECOND"


def step_case(groups: Sequence[Sequence[str]]) -> str:
    """``CASE`` giving each event its step (0..n-1; n = no step), as the pandas code does
    (an event name listed in two steps belongs to the later one)."""
    name_to_step = {name: k for k, names in enumerate(groups) for name in names}
    by_step: dict[int, list[str]] = {}
    for name, k in name_to_step.items():
        by_step.setdefault(k, []).append(name)
    whens = " ".join(
        f"WHEN event IN ({', '.join(literal(n) for n in names)}) THEN {k}"
        for k, names in sorted(by_step.items())
    )
    return f"CASE {whens} ELSE {len(groups)} END" if whens else str(len(groups))


def _events_cte(src: str, groups: Sequence[Sequence[str]], props: Sequence[str] = ()) -> str:
    carry = "".join(f', "{p}" AS p{i}' for i, p in enumerate(props))
    return (
        f"ev AS (SELECT user_id AS u, event_time AS t, {step_case(groups)} AS c{carry} FROM {src} "
        "WHERE user_id IS NOT NULL AND event_time IS NOT NULL)"
    )


def _times(k_steps: int, col: str) -> str:
    """``r1`` .. ``r{n-1}``: when the attempt reached each later step (null where it did not)."""
    return "".join(
        f", CASE WHEN reached > {m} THEN {col.format(m=m)} END AS r{m}" for m in range(1, k_steps)
    )


def _latest_start(k_steps: int, w: str) -> list[str]:
    """Per user, the furthest step of any attempt: the "latest start" running maximum.

    ``l`` on a step-k event is the latest step-1 time of a chain reaching it within the
    window (the latest start leaves the most time for the later steps), null if none.
    """
    ctes = [f"s0 AS (SELECT u, t, c, CASE WHEN c = 0 THEN t END AS l FROM ev WHERE c < {k_steps})"]
    for k in range(1, k_steps):
        ctes.append(
            f"p{k} AS (SELECT u, t, c, l, CASE WHEN c = {k} THEN max(CASE WHEN c = {k - 1} "
            f"THEN l END) {_over(_FRAME_BEFORE)} END AS p FROM s{k - 1})"
        )
        ctes.append(
            f"s{k} AS (SELECT u, t, c, CASE WHEN c = {k} THEN (CASE WHEN t <= p + {w} THEN p END) "
            f"ELSE l END AS l FROM p{k})"
        )
    ctes.append(
        f"att AS (SELECT u, max(CASE WHEN l IS NOT NULL THEN c + 1 ELSE 0 END) AS reached, "
        f"max(CASE WHEN c = 0 THEN t END) AS t FROM s{k_steps - 1} GROUP BY u)"
    )
    return ctes


def _greedy_chains(k_steps: int, w: str, carry: str = "") -> list[str]:
    """Per attempt (step-1 event), how far its greedy chain gets (totals, sequential).

    ``v{j}_{m}`` on a row is when step m is reached by the chain that looks for step j
    after that row; each level is a running minimum over the following rows (a chain
    starting later never finishes earlier, so the minimum is the first one's).
    """
    ctes = [f"b0 AS (SELECT u, t, c{carry} FROM ev WHERE c < {k_steps})"]
    cols: list[str] = []
    for level in range(1, k_steps):
        new = []
        for m in range(level, k_steps):
            j = m - level + 1
            value = "t" if j == m else f"v{j + 1}_{m}"
            new.append(f"min(CASE WHEN c = {j} THEN {value} END) {_over(_FRAME_AFTER)} AS v{j}_{m}")
        keep = "".join(f", {c}" for c in cols)
        ctes.append(
            f"b{level} AS (SELECT u, t, c{carry}{keep}, {', '.join(new)} FROM b{level - 1})"
        )
        cols += [f"v{m - level + 1}_{m}" for m in range(level, k_steps)]
    last = k_steps - 1
    conds = [f"v1_{m} <= t + {w}" for m in range(1, k_steps)]
    ctes.append(f"att0 AS (SELECT *, {_prefix(conds)} AS reached FROM b{last} WHERE c = 0)")
    ctes.append(f"att AS (SELECT u, t{carry}, reached{_times(k_steps, 'v1_{m}')} FROM att0)")
    return ctes


def _prefix(conds: list[str]) -> str:
    """1 + the number of leading conditions that hold (a null condition does not)."""
    if not conds:
        return "1"
    whens = " ".join(f"WHEN NOT COALESCE({c}, FALSE) THEN {i + 1}" for i, c in enumerate(conds))
    return f"CASE {whens} ELSE {len(conds) + 1} END"


def _strict(k_steps: int, w: str, carry: str = "") -> list[str]:
    leads = ", ".join(
        f"lead(c, {j}) {_over()} AS c{j}, lead(t, {j}) {_over()} AS t{j}" for j in range(1, k_steps)
    )
    conds = [f"(c{j} = {j} AND t{j} <= t + {w})" for j in range(1, k_steps)]
    return [
        f"nx AS (SELECT u, t, c{carry}, {leads} FROM ev)",
        f"att0 AS (SELECT *, {_prefix(conds)} AS reached FROM nx WHERE c = 0)",
        f"att AS (SELECT u, t{carry}, reached{_times(k_steps, 't{m}')} FROM att0)",
    ]


def _any(k_steps: int, w: str, carry: str = "") -> list[str]:
    nexts = ", ".join(
        f"min(CASE WHEN c = {m} THEN t END) {_over(_FRAME_FROM)} AS n{m}" for m in range(1, k_steps)
    )
    conds = [f"n{m} <= t + {w}" for m in range(1, k_steps)]
    return [
        f"nx AS (SELECT u, t, c{carry}, {nexts} FROM ev WHERE c < {k_steps})",
        f"att0 AS (SELECT *, {_prefix(conds)} AS reached FROM nx WHERE c = 0)",
        f"att AS (SELECT u, t{carry}, reached{_times(k_steps, 'n{m}')} FROM att0)",
    ]


def funnel_sql(
    src: str,
    groups: Sequence[Sequence[str]],
    window: pd.Timedelta,
    order: str,
    count: str = "users",
) -> str:
    """One row: ``all_k`` / ``done_k`` (reaching step k, all or not in progress) and ``prog``.

    ``src`` is a source view's ``select()``; ``count`` is ``"users"`` (each user's
    furthest attempt; in progress by their latest step-1 event) or ``"totals"``.
    """
    k = len(groups)
    w = interval(window)
    ctes = [_events_cte(src, groups)]
    if order == "strict":
        ctes += _strict(k, w)
    elif order == "any":
        ctes += _any(k, w)
    elif count == "users":
        ctes += _latest_start(k, w)
    else:
        ctes += _greedy_chains(k, w)
    if count == "users" and order != "sequential":
        ctes.append("per AS (SELECT u, max(reached) AS reached, max(t) AS t FROM att GROUP BY u)")
    else:
        ctes.append("per AS (SELECT reached, t FROM att WHERE reached > 0)")
    ctes.append(
        f"flag AS (SELECT reached, CASE WHEN t > (SELECT max(t) FROM ev) - {w} THEN 1 ELSE 0 END "
        "AS prog FROM per)"
    )
    sums = ", ".join(
        f"sum(CASE WHEN reached >= {i} THEN 1 ELSE 0 END) AS all_{i}, "
        f"sum(CASE WHEN reached >= {i} AND prog = 0 THEN 1 ELSE 0 END) AS done_{i}"
        for i in range(1, k + 1)
    )
    return f"WITH {', '.join(ctes)} SELECT {sums}, sum(prog) AS prog FROM flag"


def user_funnel_sql(
    src: str,
    groups: Sequence[Sequence[str]],
    window: pd.Timedelta,
    order: str,
    props: Sequence[str] = (),
) -> str:
    """One row per user with a step-1 event: the counted attempt (furthest, then earliest):
    ``u``, ``reached``, ``t`` (its start), ``r1``.. (later steps' times), ``prog`` (the
    user's latest start is in progress), ``p0``.. (``props`` of the attempt's step-1 event)
    and ``data_end``."""
    k = len(groups)
    w = interval(window)
    carry = "".join(f", p{i}" for i in range(len(props)))
    ctes = [_events_cte(src, groups, props)]
    if order == "strict":
        ctes += _strict(k, w, carry)
    elif order == "any":
        ctes += _any(k, w, carry)
    else:
        ctes += _greedy_chains(k, w, carry)
    times = "".join(f", r{m}" for m in range(1, k))
    ctes.append(
        f"ranked AS (SELECT u, t, reached{times}{carry}, row_number() OVER (PARTITION BY u "
        "ORDER BY reached DESC, t) AS rn, max(t) OVER (PARTITION BY u) AS last FROM att)"
    )
    return (
        f"WITH {', '.join(ctes)} SELECT u, reached, t{times}, CASE WHEN last > (SELECT max(t) "
        f"FROM ev) - {w} THEN 1 ELSE 0 END AS prog{carry}, (SELECT max(t) FROM ev) AS data_end "
        "FROM ranked WHERE rn = 1"
    )


def data_end_sql(src: str, groups: Sequence[Sequence[str]], every_event: bool) -> str:
    """The last event time (``e``) and how many events the funnel keeps (``n``: its steps',
    or every event's in strict order)."""
    keep = "1" if every_event else f"CASE WHEN c < {len(groups)} THEN 1 ELSE 0 END"
    return f"WITH {_events_cte(src, groups)} SELECT max(t) AS e, sum({keep}) AS n FROM ev"


def _blank(col: str) -> str:
    return f"({col} IS NULL OR trim(CAST({col} AS VARCHAR)) = '')"


def rfm_end_sql(src: str, columns: set[str]) -> str:
    """The last order time of the lines that count (for the default analysis date), and
    how many lines count (``n``) and have no time (``no_time``)."""
    void = "COALESCE(is_void, FALSE)" if "is_void" in columns else "FALSE"
    return (
        "SELECT max(order_time) AS last, count(*) AS n, "
        f"sum(CASE WHEN order_time IS NULL THEN 1 ELSE 0 END) AS no_time FROM {src} "
        f"WHERE NOT {void}"
    )


def rfm_left_out_sql(src: str, columns: set[str], as_of: pd.Timestamp) -> str:
    """Lines (and their orders) without a customer before ``as_of``; lines from it on."""
    void = "COALESCE(is_void, FALSE)" if "is_void" in columns else "FALSE"
    day = f"CAST({literal(as_of.strftime('%Y-%m-%d %H:%M:%S'))} AS TIMESTAMP)"
    no_cust = f"order_time < {day} AND {_blank('customer_id')}"
    if "order_id" in columns:
        orders = (
            f"count(DISTINCT CASE WHEN {no_cust} AND NOT {_blank('order_id')} THEN order_id END)"
            f" + sum(CASE WHEN {no_cust} AND {_blank('order_id')} THEN 1 ELSE 0 END)"
        )
    else:
        orders = f"sum(CASE WHEN {no_cust} THEN 1 ELSE 0 END)"
    return (
        f"SELECT sum(CASE WHEN {no_cust} THEN 1 ELSE 0 END) AS lines, {orders} AS orders, "
        f"sum(CASE WHEN order_time >= {day} THEN 1 ELSE 0 END) AS after "
        f"FROM {src} WHERE NOT {void} AND order_time IS NOT NULL"
    )


def rfm_sql(src: str, columns: set[str], as_of: pd.Timestamp, days: bool = True) -> str:
    """Per customer: ``net``, ``first``, ``last``, ``orders``, ``days`` (the rule of
    :mod:`analytics.orders`: no void lines; purchases are the sales lines)."""
    void = "COALESCE(is_void, FALSE)" if "is_void" in columns else "FALSE"
    ret = "COALESCE(is_return, FALSE)" if "is_return" in columns else "FALSE"
    sale = f"NOT ({ret} OR COALESCE(amount < 0, FALSE))"
    amount = "COALESCE(amount, 0)"
    if "refund_amount" in columns:
        amount = f"{amount} - CASE WHEN {sale} THEN abs(COALESCE(refund_amount, 0)) ELSE 0 END"
    if "order_id" in columns:
        orders = (
            f"count(DISTINCT CASE WHEN buy = 1 AND NOT {_blank('order_id')} THEN order_id END) + "
            f"sum(CASE WHEN buy = 1 AND {_blank('order_id')} THEN 1 ELSE 0 END)"
        )
        oid = "order_id, "
    else:
        orders, oid = "sum(buy)", ""
    lines = (
        f"SELECT customer_id, {oid}order_time, {amount} AS amt, "
        f"CASE WHEN {sale} THEN 1 ELSE 0 END AS buy FROM {src} "
        f"WHERE NOT {void} AND order_time IS NOT NULL AND order_time < "
        f"CAST({literal(as_of.strftime('%Y-%m-%d %H:%M:%S'))} AS TIMESTAMP) "
        f"AND NOT {_blank('customer_id')}"
    )
    return (
        f"SELECT customer_id, sum(amt) AS net, min(CASE WHEN buy = 1 THEN order_time END) AS first, "
        f"max(CASE WHEN buy = 1 THEN order_time END) AS last, {orders} AS orders, "
        + (
            "count(DISTINCT CASE WHEN buy = 1 THEN CAST(order_time AS DATE) END) AS days "
            if days
            else "0 AS days "
        )
        + f"FROM ({lines}) AS lines GROUP BY customer_id"
    )


def traffic_sql(src: str, labels: list[str], values: list[str]) -> str:
    """Traffic summed by day and label columns (channel / source / medium / campaign)."""
    keys = ", ".join(labels)
    sums = ", ".join(f"sum({v}) AS {v}" for v in values)
    return (
        f"SELECT CAST(date AS DATE) AS date, {keys}, {sums}, count(*) AS rows FROM {src} "
        f"GROUP BY CAST(date AS DATE), {keys}"
    )


def price_sql(src: str, columns: set[str]) -> str:
    """Prices per (product key, seller, date): the cells of :mod:`analytics.pricing`'s panel
    (rows with a price above zero, a date, a product and a seller; duplicates averaged; the
    key is ``product_id`` where given, else the title; promo 1 when any known value is)."""
    title = "NULLIF(trim(CAST(product AS VARCHAR)), '')"
    key = title
    if "product_id" in columns:
        key = f"COALESCE(NULLIF(trim(CAST(product_id AS VARCHAR)), ''), {title})"
    seller = "trim(CAST(seller AS VARCHAR))"
    extra = []
    # flags as numbers through CASE (PostgreSQL casts no boolean to a float)
    if "in_stock" in columns:
        extra.append("avg(CASE WHEN in_stock THEN 1.0 WHEN NOT in_stock THEN 0.0 END) AS in_stock")
    if "list_price" in columns:
        extra.append("avg(list_price) AS list_price")
    if "promo" in columns:
        extra.append(
            "CASE WHEN count(promo) = 0 THEN NULL WHEN max(CASE WHEN promo THEN 1 ELSE 0 END) > 0 "
            "THEN 1.0 ELSE 0.0 END AS promo"
        )
    if "own" in columns:
        extra.append("max(CASE WHEN own THEN 1 ELSE 0 END) AS own")
    more = "".join(f", {e}" for e in extra)
    return (
        f"SELECT date, {key} AS product_id, min({title}) AS product, {seller} AS seller, "
        f"avg(price) AS price{more} FROM {src} "
        f"WHERE price > 0 AND date IS NOT NULL AND {key} IS NOT NULL AND seller IS NOT NULL "
        f"GROUP BY date, {key}, {seller}"
    )


def _period(kind: str) -> str:
    """The period number of a line (``d``: days since 1970-01-01, ``t``: its time) as
    :mod:`analytics.retention` numbers them: days, Monday-first weeks, calendar months."""
    if kind == "day":
        return "d"
    if kind == "week":  # 1970-01-01 was a Thursday
        return "CAST(floor((d + 3) / 7) AS BIGINT)"
    return "CAST((EXTRACT(YEAR FROM t) - 1970) * 12 + EXTRACT(MONTH FROM t) - 1 AS BIGINT)"


def cohort_sql(
    src: str,
    person: str,
    time: str,
    start: str,
    back: str,
    keep: str,
    period: str,
    definition: str,
    window: str,
    max_k: int | None = None,
) -> str:
    """The cohort triangle's cells (the rules of :func:`analytics.retention.cohort_table`).

    ``person`` and ``time`` are the person and time columns; ``start`` / ``back`` are
    conditions making a line a start / a return, ``keep`` the lines that are activity at
    all. Rows ``w, c, k, n``: ``w = 0``: cohort ``c`` has ``n`` entries; ``w = 1``: ``n``
    entries of cohort ``c`` at offset ``k`` (bracket: returned in period c + k; unbounded:
    last return in c + k; cumulative: first return after c in c + k); ``w = 2``: ``n`` is
    the last activity day (days since 1970-01-01).
    """
    lines = (
        f"SELECT {person} AS u, {time} AS t, "
        f"date_diff('day', DATE '1970-01-01', CAST({time} AS DATE)) AS d, "
        f"CASE WHEN {start} THEN 1 ELSE 0 END AS s, CASE WHEN {back} THEN 1 ELSE 0 END AS r "
        f"FROM {src} WHERE {time} IS NOT NULL AND NOT {_blank(person)} AND {keep}"
    )
    ctes = [
        f"ln AS ({lines})",
        f"act AS (SELECT u, p, max(s) AS s, max(r) AS r FROM (SELECT u, {_period(period)} AS p, "
        "s, r FROM ln) AS lp GROUP BY u, p)",
    ]
    if definition == "first_time":
        ctes.append("ent AS (SELECT u, min(p) AS c FROM act WHERE s = 1 GROUP BY u)")
    else:
        ctes.append("ent AS (SELECT u, p AS c FROM act WHERE s = 1)")
    cap = "" if max_k is None else f" AND a.p - e.c <= {int(max_k)}"
    if window == "bracket":
        ctes.append(
            "cell AS (SELECT e.c AS c, a.p - e.c AS k, count(*) AS n FROM ent AS e JOIN act AS a "
            f"ON a.u = e.u AND a.p > e.c WHERE a.r = 1{cap} GROUP BY e.c, a.p - e.c)"
        )
    elif window == "unbounded":
        ctes += [
            "lr AS (SELECT u, max(p) AS p FROM act WHERE r = 1 GROUP BY u)",
            "cell AS (SELECT e.c AS c, a.p - e.c AS k, count(*) AS n FROM ent AS e JOIN lr AS a "
            "ON a.u = e.u AND a.p > e.c GROUP BY e.c, a.p - e.c)",
        ]
    else:  # the first return after each start period (act has one row per person, period)
        ctes += [
            "nx AS (SELECT u, p, min(CASE WHEN r = 1 THEN p END) OVER (PARTITION BY u ORDER BY p "
            f"{_FRAME_AFTER}) AS q FROM act)",
            "cell AS (SELECT e.c AS c, a.q - e.c AS k, count(*) AS n FROM ent AS e JOIN nx AS a "
            "ON a.u = e.u AND a.p = e.c WHERE a.q IS NOT NULL GROUP BY e.c, a.q - e.c)",
        ]
    return (
        f"WITH {', '.join(ctes)} "
        "SELECT 0 AS w, c, 0 AS k, count(*) AS n FROM ent GROUP BY c "
        "UNION ALL SELECT 1 AS w, c, k, n FROM cell "
        "UNION ALL SELECT 2 AS w, 0 AS c, 0 AS k, max(d) AS n FROM ln"
    )
