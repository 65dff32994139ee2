"""The Label Studio commands when nothing answers at Label Studio's URL: one line, exit 1, the
traceback in the log (or on the terminal with --debug). A wrong token, against a real Label Studio,
is in tests/integration/test_setup.py."""
import httpx
import pytest

from tests.labelstudio_server import free_port


@pytest.fixture
def closed(app, tmp_path):
    """Label Studio's URL on a port nobody listens on, a token, and the CLI's log in tmp_path."""
    url = f"http://127.0.0.1:{free_port()}"
    app.config.update(LABEL_STUDIO_URL=url, LABEL_STUDIO_TOKEN="0" * 40, LABEL_STUDIO_TIMEOUT=5,
                      FACT_LOG_FILE=str(tmp_path / "fact.log"))
    return url


@pytest.mark.parametrize("command", [["setup"], ["push"], ["sync"], ["sync", "--full"]])
def test_label_studio_down_is_one_line_naming_its_url_and_exit_1(runner, closed, tmp_path, command):
    result = runner.invoke(args=["fact", *command])

    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert f"cannot reach Label Studio at {closed}" in lines[0]
    assert "fact.localstudio.server status" in lines[0] and "instance/run.env" in lines[0]
    assert "Traceback" not in result.output
    log = (tmp_path / "fact.log").read_text()
    assert "Traceback" in log and "ConnectError" in log


def test_debug_shows_the_traceback_instead(runner, closed):
    result = runner.invoke(args=["fact", "sync", "--debug"])

    assert result.exit_code == 1
    assert isinstance(result.exception, httpx.ConnectError)  # flask prints its traceback on a terminal


def test_reconcile_survives_label_studio_down_with_one_line_a_round(runner, closed):
    result = runner.invoke(args=["fact", "reconcile", "--rounds", "2", "--minutes", "0"])

    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 2, result.output
    assert all(line.startswith(f"reconcile: cannot reach Label Studio at {closed}") for line in lines)
