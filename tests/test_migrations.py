"""The migrations are the schema: `flask db upgrade` built the test database, and nothing drifted."""
import os
import subprocess
import sys

from tests.helpers import ROOT


def test_models_and_migrations_do_not_drift(migrated):
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "fact", "db", "check"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": migrated}, capture_output=True, text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No new upgrade operations detected" in result.stdout
