"""Workspaces on disk: IDs, round trips, atomic writes under SIGKILL, housekeeping."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from analytics import workspace as W
from analytics.schema import Dataset, ImportReport, Reason

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path) -> W.Store:
    return W.Store(tmp_path / "data")


def _orders(n: int = 50, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    amount = rng.gamma(2.0, 30.0, n).round(2)
    amount[::7] = np.nan
    return pd.DataFrame(
        {
            "order_id": pd.array([f"O{i}" for i in range(n)], dtype="str"),
            "customer_id": pd.array([None if i % 9 == 0 else f"C{i % 5}" for i in range(n)]),
            "order_time": pd.to_datetime("2025-01-01")
            + pd.to_timedelta(rng.integers(0, 10**6, n), unit="s"),
            "amount": amount,
            "quantity": rng.integers(1, 4, n).astype("float64"),
            "is_return": rng.random(n) < 0.1,
            "Extra col 备注": pd.array(["x", 1, None, 2.5, "y"] * (n // 5), dtype=object),
        }
    )


def _report(rejected: pd.DataFrame | None) -> ImportReport:
    return ImportReport(
        rows_read=60,
        rows_kept=50,
        rows_dropped=10,
        rows_flagged=4,
        reasons={
            "bad_date": Reason("bad_date", 10, (3, 5, 8), {"column": "下单时间", "n": 10}),
            "return": Reason("return", 4, (1,), {}, dropped=False),
        },
        notes=(("encoding", {"encoding": "gb18030"}), ("dayfirst", {"column": "date"})),
        rejected=rejected,
        encoding="gb18030",
        delimiter=",",
        sheet=None,
    )


def _dataset(fp: str = "5790588df8a85d7fba74645ca7bf160a", **kw) -> Dataset:
    rejected = pd.DataFrame(
        {"_row": [3, 5], "_reason": ["bad_date", "bad_date"], "下单时间": ["??", "2025-13-45"]}
    )
    return Dataset(
        kind="orders",
        frame=kw.get("frame", _orders()),
        mapping={"order_id": "订单号", "amount": "实付金额"},
        report=_report(kw.get("rejected", rejected)),
        fingerprint=fp,
        filename="淘宝订单.csv",
    )


def assert_dataset_equal(a: Dataset, b: Dataset) -> None:
    assert (a.kind, a.mapping, a.fingerprint, a.filename) == (
        b.kind,
        b.mapping,
        b.fingerprint,
        b.filename,
    )
    assert_frame_equal(a.frame, b.frame, check_exact=True)
    assert list(a.frame.dtypes.astype(str)) == list(b.frame.dtypes.astype(str))
    ra, rb = a.report, b.report
    for f in dataclasses.fields(ImportReport):
        if f.name == "rejected":
            if ra.rejected is None:
                assert rb.rejected is None
            else:
                assert_frame_equal(ra.rejected, rb.rejected, check_exact=True)
        elif f.name == "join":
            assert_join_equal(ra.join, rb.join)
        else:
            assert getattr(ra, f.name) == getattr(rb, f.name), f.name


def assert_join_equal(a, b) -> None:
    """Two join reports field by field (their rejected rows as frames)."""
    if a is None:
        assert b is None
        return
    assert type(a) is type(b)
    for f in dataclasses.fields(a):
        va, vb = getattr(a, f.name), getattr(b, f.name)
        if isinstance(va, pd.DataFrame):
            assert_frame_equal(va, vb, check_exact=True)
        else:
            assert va == vb, f.name


# -- IDs ---------------------------------------------------------------------------------


def test_new_ids_are_128_bit_hex_and_never_collide(store):
    ids = [W.new_id() for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert all(len(i) == 32 and W.check_id(i) == i for i in ids)
    paths = {store.path(i) for i in ids}
    assert len(paths) == 1000
    base = (store.root / "ws").resolve()
    assert all(
        p.parent == base and p.name == i for p, i in zip(map(store.path, ids), ids, strict=True)
    )


def test_random_ids_never_resolve_to_another_workspace(store):
    mine = store.create()
    mine.put_item("set/secret", "mine only")
    for _ in range(1000):
        other = W.new_id()
        with pytest.raises(W.WorkspaceError, match="No workspace has this ID") as err:
            store.open(other)
        assert err.value.code == "unknown_id"
        assert not store.exists(other)
    assert store.open(mine.id).get_item("set/secret") == "mine only"


BAD_IDS = [
    "../../etc/passwd",
    "..",
    "",
    "/tmp",
    "~",
    "0" * 31,
    "0" * 33,
    "A" * 32,
    "g" * 32,
    "0" * 31 + "/",
    "0" * 30 + "..",
    "0" * 32 + "\n",
    "0" * 32 + "\x00",
    "%2e%2e%2f" + "0" * 23,
    "０" * 32,  # full-width digits
    "../" + "0" * 29,
    None,
    12345,
    ["0" * 32],
]


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
def test_malformed_and_traversal_ids_are_rejected(store, bad):
    with pytest.raises(W.WorkspaceError, match="not a workspace ID") as err:
        W.check_id(bad)
    assert err.value.code == "invalid_id"
    calls = [store.path, store.open, store.delete] + ([store.create] if bad is not None else [])
    for call in calls:
        with pytest.raises(W.WorkspaceError):
            call(bad)
    assert store.exists(bad) is False
    assert store.ids() == []


def test_traversal_never_touches_files_outside(tmp_path, store):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "meta.json").write_text("{}")
    rel = os.path.relpath(victim, store.root / "ws")
    with pytest.raises(W.WorkspaceError):
        store.delete(rel)
    with pytest.raises(W.WorkspaceError):
        store.open(rel)
    assert (victim / "meta.json").exists()


# -- data dir ------------------------------------------------------------------------------


def test_data_dir_env_then_config_then_default(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPOPS_DATA_DIR", str(tmp_path / "env"))
    assert W.data_dir({"data_dir": str(tmp_path / "cfg")}) == tmp_path / "env"
    monkeypatch.delenv("SHOPOPS_DATA_DIR")
    assert W.data_dir({"data_dir": str(tmp_path / "cfg")}) == tmp_path / "cfg"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert W.data_dir({}) == tmp_path / "xdg" / "shop-ops-analytics"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert W.data_dir({}) == Path.home() / ".local" / "share" / "shop-ops-analytics"


def test_config_file_is_read(tmp_path, monkeypatch):
    cfg = tmp_path / "shopops.toml"
    cfg.write_text('[workspace]\ndata_dir = "/srv/shop"\nexpire_days = 30\n')
    monkeypatch.setenv("SHOPOPS_CONFIG", str(cfg))
    assert W.load_config() == {"data_dir": "/srv/shop", "expire_days": 30}
    cfg.write_text("not toml [")
    assert W.load_config() == {}


# -- datasets ------------------------------------------------------------------------------


def test_dataset_round_trip_is_exact(store):
    ws = store.create()
    ds = _dataset()
    key = ws.save_dataset(ds)
    assert key == ds.fingerprint
    back = store.open(ws.id).load_dataset(key)
    assert_dataset_equal(ds, back)
    assert str(back.frame["order_time"].dtype) == str(ds.frame["order_time"].dtype)
    assert back.frame["Extra col 备注"].tolist()[:3] == ["x", 1, None]


@pytest.mark.parametrize("unit", ["ns", "us", "s"])
def test_parquet_dataset_keeps_dtypes(store, unit):
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-01-01", None, "2025-03-01"]).astype(
                f"datetime64[{unit}]"
            ),
            "channel": pd.array(["a", None, "c"], dtype="str"),
            "visitors": [1.0, np.nan, 3.0],
            "own": [True, False, True],
            "n": pd.array([1, None, 3], dtype="Int64"),
            "cat": pd.Categorical(["x", "y", "x"]),
            "obj": pd.array(["p", None, "q"], dtype=object),
        }
    )
    ds = _dataset("fp_units_" + unit, frame=frame, rejected=None)
    ws = store.create()
    back = ws.load_dataset(ws.save_dataset(ds))
    assert_dataset_equal(ds, back)
    assert back.report.rejected is None
    assert (ws.path / "datasets" / ds.fingerprint / "frame.parquet").read_bytes()[:4] == b"PAR1"


def test_joined_dataset_keeps_its_join_report(store):
    """A dataset joined from two files reloads with its join report: the summary as saved
    (links, counts, examples, mapping, notes) and the related rows the join left out."""
    from analytics import ingest

    orders = (
        "order_id,customer_id,order_time\n"
        "A1,u1,2024-01-01 10:00\nA2,u2,2024-01-02 11:00\nA3,u1,2024-01-03 09:00\n"
    )
    # A1 paid twice, A3 never; Z9 and Z8 match no order and one row has no key: rejected
    pays = "order_id,payment_type,payment_value\nA1,card,10\nA2,card,20\nA1,voucher,5.5\n"
    pays += "Z9,card,7\nZ8,card,1\n,card,2\n"
    ds = ingest.load(
        [orders.encode(), pays.encode()], filename=["orders.csv", "payments.csv"], kind="orders"
    )
    join = ds.report.join
    assert join is not None and join.rows_rejected == 3  # Z9, Z8 and the blank key
    (lr,) = join.links
    assert (lr.rows_matched, lr.rows_unmatched, lr.rows_blank_key) == (3, 2, 1)
    ws = store.create()
    back = store.open(ws.id).load_dataset(ws.save_dataset(ds))
    assert_dataset_equal(ds, back)
    assert back.report.join.links[0].unmatched_examples == ("Z9", "Z8")
    assert sorted(back.report.join.rejected["_reason"]) == ["blank_key", "no_match", "no_match"]
    assert (
        ws.path / "datasets" / ws.dataset_key(ds.fingerprint) / "join_rejected.parquet"
    ).is_file()


def test_dataset_without_join_has_no_join_file(store):
    ws = store.create()
    ds = _dataset()
    key = ws.save_dataset(ds)
    assert ws.load_dataset(key).report.join is None
    assert not (ws.path / "datasets" / key / "join_rejected.parquet").exists()


def test_dataset_is_stored_once_and_odd_fingerprints_are_hashed(store):
    ws = store.create()
    ds = _dataset()
    k1 = ws.save_dataset(ds)
    before = (ws.path / "datasets" / k1 / "frame.parquet").stat().st_mtime_ns
    time.sleep(0.01)
    assert ws.save_dataset(ds) == k1
    assert (ws.path / "datasets" / k1 / "frame.parquet").stat().st_mtime_ns == before
    odd = _dataset("../../x y")
    key = ws.save_dataset(odd)
    assert "/" not in key and key.startswith("h")
    assert_dataset_equal(odd, ws.load_dataset(key))
    with pytest.raises(ValueError, match="bad dataset key"):
        ws.load_dataset("../" + key)


# -- values --------------------------------------------------------------------------------


VALUES = {
    "scalars": [None, True, 0, -3, 1.5, float("nan"), "中文 text", ""],
    "nested": {"a": [1, {"b": (1, 2, ("x",))}], "$odd": 1},
    "tuple_keys": {("web", "cpc"): 0.3, 7: "seven"},
    "sets": [{1, 2, 3}, frozenset({"a"})],
    "time": [
        pd.Timestamp("2025-05-01 12:00"),
        pd.Timestamp("2025-05-01", tz="Asia/Shanghai"),
        pd.Timedelta(days=7),
        pd.NaT,
        dt.date(2025, 1, 2),
        dt.datetime(2025, 1, 2, 3, 4, 5),
    ],
    "numpy": [np.float64(1.25), np.int64(7), np.bool_(True), np.arange(6.0).reshape(2, 3)],
    "dataclass": Reason("bad_date", 2, (1, 2), {"column": "c"}, dropped=False),
}


def _eq(a, b) -> bool:
    if isinstance(a, float) and np.isnan(a):
        return isinstance(b, float) and np.isnan(b)
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if a is pd.NaT:
        return b is pd.NaT
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(_eq, a, b))
    if isinstance(a, dict):
        return type(b) is dict and list(a) == list(b) and all(_eq(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("name", list(VALUES))
def test_values_round_trip_through_an_item(store, name):
    ws = store.create()
    ws.put_item(f"set/{name}", VALUES[name])
    back = store.open(ws.id).get_item(f"set/{name}")
    assert _eq(VALUES[name], back), (VALUES[name], back)
    if name == "time":
        assert str(back[1].tz) == "Asia/Shanghai" and back[0].unit == VALUES["time"][0].unit


def test_frames_and_series_in_values_round_trip(store):
    ws = store.create()
    rules = pd.DataFrame({"source": ["baidu", "抖音"], "medium": ["cpc", None], "w": [1.0, 2.0]})
    costs = pd.Series([1.5, 2.0], index=pd.Index(["p1", "p2"], name="product"), name="cost")
    ws.put_item("set/x", {"rules": rules, "costs": costs, "n": 3})
    back = ws.get_item("set/x")
    assert_frame_equal(back["rules"], rules)
    assert_series_equal(back["costs"], costs)
    assert back["n"] == 3
    # the same frame is stored once
    ws.put_item("set/y", rules)
    assert len(list((ws.path / "frames").glob("*.parquet"))) == 2


def test_unserialisable_values_are_refused(store):
    ws = store.create()

    @dataclasses.dataclass
    class Local:
        x: int = 1

    for bad in (lambda: 1, object(), Local(), {"f": open}):
        with pytest.raises(W.NotSerialisable):
            ws.put_item("set/bad", bad)
    assert ws.get_item("set/bad", "absent") == "absent"


def test_items_listing_delete_and_digest(store):
    ws = store.create()
    d1 = ws.put_item("set/a", [1, 2])
    assert ws.put_item("set/a", [1, 2]) == d1
    assert ws.put_item("set/a", [1, 3]) != d1
    ws.put_item("active/orders", "orders-1")
    items, bad = ws.items()
    assert bad == []
    assert {k: v for k, (v, _d) in items.items()} == {"set/a": [1, 3], "active/orders": "orders-1"}
    ws.delete_item("set/a")
    ws.delete_item("set/never")
    assert list(ws.items()[0]) == ["active/orders"]


def test_two_handles_on_one_workspace_last_write_wins_per_item(store):
    a = store.create()
    b = store.open(a.id)
    a.put_item("set/x", "from a")
    b.put_item("set/y", "from b")
    b.put_item("set/x", "from b")
    items = {k: v for k, (v, _d) in store.open(a.id).items()[0].items()}
    assert items == {"set/x": "from b", "set/y": "from b"}


def test_workspaces_are_isolated(store):
    a, b = store.create(), store.create()
    a.put_item("set/x", "a")
    a.save_dataset(_dataset())
    assert b.items() == ({}, [])
    assert not b.has_dataset(_dataset().fingerprint)


# -- housekeeping --------------------------------------------------------------------------


def test_size_delete_and_expiry(store):
    old, fresh = store.create(), store.create()
    old.save_dataset(_dataset())
    assert old.size_bytes() > fresh.size_bytes() > 0
    now = time.time()
    old.touch(now - 10 * 86400)
    os.utime(old.path / "meta.json", (now - 10 * 86400,) * 2)
    assert store.housekeeping(expire_days=7, now=now, every=0) == [old.id]
    assert not store.exists(old.id) and store.exists(fresh.id)
    assert store.housekeeping(expire_days=7, now=now, every=3600) == []  # ran recently
    assert store.delete(fresh.id) is True
    assert store.delete(fresh.id) is False
    with pytest.raises(W.WorkspaceError, match="deleted or expired"):
        store.open(fresh.id)
    assert store.ids() == []


def test_garbage_collection_keeps_referenced_files(store):
    ws = store.create()
    ds = _dataset()
    key = ws.save_dataset(ds)
    ws.put_item("ds/orders-1", {"key": key, "pos": 0})
    ws.put_item("set/f", pd.DataFrame({"a": [1]}))
    ws.put_item("set/g", pd.DataFrame({"a": [2]}))
    ws.delete_item("set/g")
    (ws.path / "items" / ".junk.123.tmp").write_text("half")
    later = time.time() + 7200
    assert ws.collect_garbage(now=later) == 2  # frame of g, the tmp file
    assert ws.has_dataset(key)
    assert_frame_equal(ws.get_item("set/f"), pd.DataFrame({"a": [1]}))
    ws.delete_item("ds/orders-1")
    assert ws.collect_garbage(now=later) == 1
    assert not ws.has_dataset(key)


# -- crashes ---------------------------------------------------------------------------------

_CHILD = r"""
import sys
import numpy as np, pandas as pd
from analytics import workspace as W
from analytics.schema import Dataset, ImportReport
from tests.analytics.test_workspace import big_frame
store = W.Store(sys.argv[1]); ws = store.open(sys.argv[2]); i = int(sys.argv[3])
while True:
    frame = big_frame(i)
    ds = Dataset("orders", frame, {}, ImportReport(len(frame), len(frame), 0), f"fp{i:010d}", "big.csv")
    key = ws.save_dataset(ds)
    ws.put_item("ds/orders", {"key": key, "version": i})
    ws.put_item("set/table", {"version": i, "frame": big_frame(i, 20_000)})
    print(i, flush=True)
    i += 1
"""


def big_frame(version: int, n: int = 300_000) -> pd.DataFrame:
    rng = np.random.default_rng(version)
    return pd.DataFrame(
        {
            "order_id": pd.array(
                np.char.add("O", rng.integers(0, 10**9, n).astype(str)), dtype="str"
            ),
            "order_time": pd.Timestamp("2025-01-01")
            + pd.to_timedelta(rng.integers(0, 3 * 10**7, n), unit="s"),
            "amount": rng.random(n) * 100,
            "version": np.full(n, version),
        }
    )


@pytest.mark.slow
def test_sigkill_during_save_leaves_old_or_new_version(store):
    ws = store.create()
    frame = big_frame(0)
    key = ws.save_dataset(
        Dataset(
            "orders", frame, {}, ImportReport(len(frame), len(frame), 0), "fp0000000000", "big.csv"
        )
    )
    ws.put_item("ds/orders", {"key": key, "version": 0})
    ws.put_item("set/table", {"version": 0, "frame": big_frame(0, 20_000)})
    rnd = random.Random(42)
    version, seen = 0, set()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _trial in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(store.root), ws.id, str(version + 1)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        # wait for the child's first complete save (imports take ~0.7 s on a quiet machine,
        # much longer on a loaded one), then kill it at a random point of the saves that follow
        first = proc.stdout.readline()
        time.sleep(rnd.uniform(0.0, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        done = [int(x) for x in (first + proc.stdout.read()).split()]
        proc.stdout.close()
        # reopen: every item reads, and each holds a complete version
        reopened = store.open(ws.id)
        items, bad = reopened.items()
        assert bad == []
        entry = items["ds/orders"][0]
        v = entry["version"]
        assert v in (version, *done, (done[-1] if done else version) + 1)
        ds = reopened.load_dataset(entry["key"])
        assert_frame_equal(ds.frame, big_frame(v))
        table = items["set/table"][0]
        assert table["version"] in (v, v - 1, v + 1)
        assert_frame_equal(table["frame"], big_frame(table["version"], 20_000))
        seen.add(v)
        version = max(v, table["version"])
    assert len(seen) > 1  # the child did save new versions between kills
    # leftovers of the killed writes are cleaned up
    reopened.collect_garbage(now=time.time() + 7200)
    assert not [p for p in reopened.path.rglob("*.tmp")]


def test_damaged_files_are_reported_not_raised(store):
    ws = store.create()
    ws.put_item("set/f", pd.DataFrame({"a": [1]}))
    ws.put_item("set/ok", 1)
    for p in (ws.path / "frames").iterdir():
        p.unlink()  # e.g. removed by hand
    (ws.path / "items" / "zz.json").write_text("{not json")
    items, bad = ws.items()
    assert bad == ["set/f"] and {k: v for k, (v, _d) in items.items()} == {"set/ok": 1}
    key = ws.save_dataset(_dataset())
    (ws.path / "datasets" / key / "frame.parquet").write_bytes(b"PAR1garbage")
    assert isinstance(ws.load_datasets([key])[key], Exception)
