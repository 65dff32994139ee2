"""The local secrets file: made once, private, completed but never overwritten, never printed."""
import re
import stat
import subprocess
import sys

from fact.secrets import GENERATORS, USERNAMES, ensure_secrets
from tests.helpers import ROOT


def read(path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines())


def test_the_secrets_file_is_made_private_with_every_key(tmp_path):
    path = tmp_path / "instance" / "secrets.env"

    assert ensure_secrets(path) == list(GENERATORS)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    values = read(path)
    assert set(values) == set(GENERATORS)
    assert re.fullmatch(r"[0-9a-f]{40}", values["LABEL_STUDIO_TOKEN"])  # what Label Studio accepts
    assert all(len(values[name]) >= 24 for name in ("FACT_API_TOKEN", "FACT_WEBHOOK_SECRET", "LABEL_STUDIO_PASSWORD",
                                                    "FACT_SECRET_KEY", "FACT_LEAD_PASSWORD"))


def test_a_second_run_keeps_every_secret_and_the_mode(tmp_path):
    path = tmp_path / "secrets.env"
    ensure_secrets(path)
    first = path.read_text()
    path.chmod(0o644)

    assert ensure_secrets(path) == []

    assert path.read_text() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_two_installs_get_different_secrets(tmp_path):
    ensure_secrets(tmp_path / "a.env")
    ensure_secrets(tmp_path / "b.env")

    a, b = read(tmp_path / "a.env"), read(tmp_path / "b.env")
    assert all(a[name] != b[name] for name in GENERATORS if name not in USERNAMES)


def test_existing_secrets_are_kept_and_missing_ones_added(tmp_path):
    path = tmp_path / "secrets.env"
    path.write_text("FACT_API_TOKEN=mine\n")

    added = ensure_secrets(path)

    assert "FACT_API_TOKEN" not in added
    assert path.read_text().startswith("FACT_API_TOKEN=mine\n")
    assert set(read(path)) == set(GENERATORS)
    assert ensure_secrets(path) == []


def test_making_the_file_prints_its_path_and_no_secret(tmp_path):
    path = tmp_path / "secrets.env"

    made = subprocess.run([sys.executable, "-m", "fact.secrets", str(path)], cwd=ROOT, capture_output=True,
                          text=True, check=True)

    assert str(path) in made.stdout
    printed = made.stdout + made.stderr
    secret = {name: value for name, value in read(path).items() if name not in USERNAMES}
    assert secret and not [name for name, value in secret.items() if value in printed]
