"""Hostile test data shared by the app and browser tests of issue 16: Markdown, HTML and
links in cells, headers and names."""

from __future__ import annotations

import dataclasses
from pathlib import Path

PAYLOAD = (
    "**F** [G](https://evil.example/g) ![H](https://evil.example/h.png) <b>x</b> "
    "<script>alert(1)</script>"
)
TEXT_COLUMNS = (
    "channel",
    "source",
    "medium",
    "product_id",
    "product_name",
    "product",
    "seller",
    "title",
    "device",
    "country",
    "customer_id",
    "variant",  # the sample event log's A/B test (the Experiments page's verdict names it)
)


def hostile(ds):
    """``ds`` with the payload in front of its first value of every text column and as its
    file name (a new fingerprint, so no cache mixes it with the original)."""
    frame = ds.frame.copy()
    for col in TEXT_COLUMNS:
        if col in frame:
            values = frame[col].astype(object)
            first = values.dropna().iloc[0]
            out = values.where(values != first, f"{PAYLOAD} {first}")
            frame[col] = out.astype(frame[col].dtype if frame[col].dtype != "category" else object)
    return dataclasses.replace(
        ds, frame=frame, filename=PAYLOAD + ".csv", fingerprint=ds.fingerprint + "-payload"
    )


def hostile_datasets():
    from ui.samples import load_samples

    return [hostile(ds) for ds in load_samples(None)]


def make_workspace(data_dir: Path, datasets, owner: str | None = None) -> str:
    """A workspace on disk holding ``datasets`` (as the app saves them); returns its ID."""
    from analytics import workspace as W

    ws = W.Store(data_dir).create(owner=owner)
    for pos, ds in enumerate(datasets):
        ds_id = f"{ds.kind}-{ds.fingerprint[:10]}"
        key = ws.save_dataset(ds)
        ws.put_item(f"ds/{ds_id}", {"key": key, "pos": pos, "kind": ds.kind})
        ws.put_item(f"active/{ds.kind}", ds_id)
    return ws.id
