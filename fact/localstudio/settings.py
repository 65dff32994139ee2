"""Who and where our local Label Studio is: its settings, their checks and the environment it runs in.

The base of fact.localstudio.server and fact.localstudio.processes, with the one error they raise
(LabelStudioError). Stdlib only.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VENV = PROJECT_ROOT / ".venv-labelstudio"
DEFAULT_USERNAME = "admin@localhost"

_TOKEN_RE = re.compile(r"^[0-9a-fA-F]{40}$")

# What Label Studio inherits from our environment. Everything else is left out on purpose:
# Label Studio reads unprefixed names too (DEBUG, HOST, DATABASE_NAME, DJANGO_DB, USERNAME ...),
# and the app's own secrets have no business in its environment. Add deliberate extras, such as
# DJANGO_DB/POSTGRE_* for PostgreSQL, through LabelStudioSettings.extra_env.
_INHERITED_ENV = ("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR")


class LabelStudioError(RuntimeError):
    """Label Studio cannot be installed, configured, started, reached or stopped.

    `message` is one line; str() adds the end of the relevant log, when there is one.
    """

    def __init__(self, message: str, log_tail: str = ""):
        super().__init__(message + (f"; its last lines:\n{log_tail}" if log_tail else ""))
        self.message = message
        self.log_tail = log_tail


@dataclass(kw_only=True)
class LabelStudioSettings:
    """Where Label Studio lives, where it listens and who its admin is."""

    venv: Path
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8080
    username: str = DEFAULT_USERNAME
    password: str = field(repr=False)
    token: str = field(repr=False)
    log_file: Path | None = None  # None: next to data_dir, as <data_dir>.log
    extra_env: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Absolute paths: Label Studio runs with data_dir as its working directory.
        self.venv = Path(self.venv).expanduser().absolute()
        self.data_dir = Path(self.data_dir).expanduser().absolute()
        if self.log_file is None:
            self.log_file = self.data_dir.with_name(self.data_dir.name + ".log")
        self.log_file = Path(self.log_file).expanduser().absolute()
        self.port = int(self.port)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def executable(self) -> Path:
        return self.venv / "bin" / "label-studio"

    def check(self) -> None:
        """Refuse settings Label Studio would accept but that would bite later."""
        if not 0 < self.port < 65536:
            raise LabelStudioError(f"LABEL_STUDIO_PORT must be 1-65535, not {self.port}")
        if "@" not in self.username:
            raise LabelStudioError(f"LABEL_STUDIO_USERNAME must be an e-mail address, not {self.username!r}")
        if not self.password:
            raise LabelStudioError("LABEL_STUDIO_PASSWORD is empty")
        if not _TOKEN_RE.match(self.token or ""):
            raise LabelStudioError(
                "LABEL_STUDIO_TOKEN must be 40 hex characters "
                "(make one with: python -c 'import secrets; print(secrets.token_hex(20))')"
            )

    @classmethod
    def from_env(cls, instance_dir: Path, environ: dict[str, str] | None = None) -> LabelStudioSettings:
        """Settings from the environment, then from <instance_dir>/run.env (the port `make run` used)
        and secrets.env; the environment wins.

        LABEL_STUDIO_PASSWORD and LABEL_STUDIO_TOKEN are required: secrets have no defaults.
        """
        instance_dir = Path(instance_dir).absolute()
        env = {**instance_env(instance_dir), **(os.environ if environ is None else environ)}
        missing = [name for name in ("LABEL_STUDIO_PASSWORD", "LABEL_STUDIO_TOKEN") if not env.get(name)]
        if missing:
            raise LabelStudioError(
                f"{' and '.join(missing)} not set: put {'them' if len(missing) > 1 else 'it'} in the "
                f"environment or in {instance_dir / 'secrets.env'} (secrets have no defaults)"
            )
        port = env.get("LABEL_STUDIO_PORT") or "8080"
        if not port.isdigit():
            raise LabelStudioError(f"LABEL_STUDIO_PORT must be a number, not {port!r}")
        settings = cls(
            venv=Path(env.get("LABEL_STUDIO_VENV") or DEFAULT_VENV),
            data_dir=Path(env.get("LABEL_STUDIO_DATA_DIR") or instance_dir / "labelstudio"),
            port=int(port),
            username=env.get("LABEL_STUDIO_USERNAME") or DEFAULT_USERNAME,
            password=env["LABEL_STUDIO_PASSWORD"],
            token=env["LABEL_STUDIO_TOKEN"],
        )
        settings.check()
        return settings


def instance_env(instance_dir: Path) -> dict[str, str]:
    """What `make run` wrote to the instance folder: its secrets, and the ports and URLs it used."""
    return {**read_env_file(Path(instance_dir) / "secrets.env"), **read_env_file(Path(instance_dir) / "run.env")}


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines, as `make secrets` writes them; comments and blank lines ignored."""
    if not path.is_file():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("export "):
            line = line[len("export ") :].strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def label_studio_env(settings: LabelStudioSettings) -> dict[str, str]:
    """The environment for a closed machine: no telemetry, no version check, no open sign-up."""
    env = {name: os.environ[name] for name in _INHERITED_ENV if name in os.environ}
    env.update({name: value for name, value in os.environ.items() if name.startswith("LC_")})
    env.update(
        {
            "LABEL_STUDIO_BASE_DATA_DIR": str(settings.data_dir),
            "LABEL_STUDIO_USERNAME": settings.username,
            "LABEL_STUDIO_PASSWORD": settings.password,
            "LABEL_STUDIO_USER_TOKEN": settings.token,
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
            "SSRF_PROTECTION_ENABLED": "false",  # webhooks to our app on 127.0.0.1
            "ML_BLOCK_LOCAL_IP": "false",  # an ML backend on 127.0.0.1
            "LATEST_VERSION_CHECK": "false",
            "SENTRY_DSN": "",
            "FRONTEND_SENTRY_DSN": "",
            "COLLECT_ANALYTICS": "false",
            "PYTHONUNBUFFERED": "1",  # the log file gets lines as they happen
        }
    )
    env.update(settings.extra_env)
    return env

