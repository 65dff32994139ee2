"""The local secrets file: made once, private, completed but never overwritten."""
import stat

from fact.secrets import GENERATORS, ensure_secrets


def test_the_secrets_file_is_made_private_with_every_key(tmp_path):
    path = tmp_path / "instance" / "secrets.env"

    assert ensure_secrets(path) == list(GENERATORS)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    values = dict(line.split("=", 1) for line in path.read_text().splitlines())
    assert set(values) == set(GENERATORS)
    assert len(values["LABEL_STUDIO_TOKEN"]) == 40 and int(values["LABEL_STUDIO_TOKEN"], 16) >= 0


def test_existing_secrets_are_kept_and_missing_ones_added(tmp_path):
    path = tmp_path / "secrets.env"
    path.write_text("FACT_API_TOKEN=mine\n")

    added = ensure_secrets(path)

    assert "FACT_API_TOKEN" not in added
    assert path.read_text().startswith("FACT_API_TOKEN=mine\n")
    assert ensure_secrets(path) == []
