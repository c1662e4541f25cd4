"""Engine servers for the tests: a private PostgreSQL, a Spark local session.

A missing server binary (PostgreSQL's initdb / pg_ctl, Java) skips the tests that need it
with the reason, except in CI (``CI=true``, set by ``.ci/run`` after installing them),
where it fails.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

__all__ = ["postgres_url", "missing", "put_sample_shop"]


def put_sample_shop(engine, prefix: str, kinds=None) -> list[str]:
    """The sample shop's files written to ``engine`` as read (``<prefix>_<kind>`` tables)."""
    from analytics.readers import read_table
    from ui.samples import SAMPLE_FILES

    names = []
    for kind, path in SAMPLE_FILES.items():
        if kinds is None or kind in kinds:
            engine.register(f"{prefix}_{kind}", read_table(path).frame)
            names.append(f"{prefix}_{kind}")
    return names


def missing(reason: str) -> None:
    """Skip locally, fail in CI."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI installs it: .ci/run)")
    pytest.skip(reason)


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server on a private port in a temp folder, for this test session.

    PostgreSQL refuses to run as root: as root the server runs as ``nobody`` (its folder
    handed over to that user).
    """
    bindir = _pg_bin()
    if bindir is None:
        missing("PostgreSQL server binaries (initdb, pg_ctl) not installed")
    # its own folder under /tmp: pytest's base folder is closed to other users
    base = Path(tempfile.mkdtemp(prefix="shopops-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "nobody")
        prefix = ["runuser", "-u", "nobody", "--"]
    data, port = base / "data", _free_port()
    run = {"check": True, "capture_output": True, "timeout": 60}
    subprocess.run(
        [
            *prefix,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "shopops",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        **run,
    )
    opts = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    pg_ctl = [*prefix, str(bindir / "pg_ctl"), "-D", str(data)]
    subprocess.run([*pg_ctl, "-l", str(base / "log"), "-o", opts, "-w", "start"], **run)
    try:
        yield f"postgresql://shopops@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)
