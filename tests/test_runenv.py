"""instance/run.env: what `make run` used, found again by a later command in a shell without its environment."""
import os
import stat

from dotenv import load_dotenv

from fact.config import from_environment
from fact.localstudio.settings import LabelStudioSettings
from fact.runenv import record

RUN_NAMES = ("PORT", "LABEL_STUDIO_PORT", "LABEL_STUDIO_URL", "FACT_PUBLIC_URL", "DATABASE_URL", "FACT_QUEUE_URL")


def test_a_later_command_without_the_environment_finds_the_same_label_studio_api_and_database(tmp_path, monkeypatch):
    for name in RUN_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORT", "5123")
    monkeypatch.setenv("LABEL_STUDIO_PORT", "8123")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://fact:pw@db.example/fact")
    path = tmp_path / "instance" / "run.env"

    record(path)  # what `make run` does first, in its environment

    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # DATABASE_URL may carry a password
    for name in RUN_NAMES:  # another shell: none of make run's environment
        monkeypatch.delenv(name, raising=False)
    load_dotenv(path, override=False)  # as app.py does
    config = from_environment()
    assert config["LABEL_STUDIO_URL"] == "http://127.0.0.1:8123"
    assert config["FACT_PUBLIC_URL"] == "http://127.0.0.1:5123"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://fact:pw@db.example/fact"
    settings = LabelStudioSettings.from_env(path.parent, environ={"LABEL_STUDIO_PASSWORD": "pw",
                                                                  "LABEL_STUDIO_TOKEN": "a" * 40})
    assert settings.port == 8123


def test_the_environment_wins_over_what_an_earlier_run_recorded(tmp_path, monkeypatch):
    for name in RUN_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LABEL_STUDIO_PORT", "8123")
    path = tmp_path / "run.env"
    record(path)
    monkeypatch.setenv("LABEL_STUDIO_PORT", "8124")

    load_dotenv(path, override=False)

    assert from_environment()["LABEL_STUDIO_URL"] == "http://127.0.0.1:8124"
    assert os.environ["LABEL_STUDIO_PORT"] == "8124"
