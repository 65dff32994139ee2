"""Record where `make run` put things, so that a later `flask fact ...` in another shell reaches the
same Label Studio, API and database without the environment `make run` was started with.

    python -m fact.runenv instance/run.env

`make run` calls it first, from its own environment. The file is git-ignored and readable by its
owner only (DATABASE_URL may hold a password); app.py and fact.localstudio.settings read it after
the environment, which still wins.
"""
import os
import sys
from pathlib import Path

from fact.config import from_environment
from fact.localstudio.settings import read_env_file

# Recorded when the environment sets them. The URLs are derived from the ports otherwise, so that a
# port given later in the environment is not overruled by a URL recorded from the old one.
PASSED_ON = ("LABEL_STUDIO_URL", "FACT_PUBLIC_URL", "DATABASE_URL", "FACT_QUEUE_URL", "FACT_LS_PROJECT_TITLE",
             "FACT_RECONCILE_MINUTES")


def run_settings(instance_dir: Path) -> dict[str, str]:
    """The ports this `make run` uses (as Label Studio's server command reads them), and the URLs it was given."""
    secrets = read_env_file(instance_dir / "secrets.env")
    values = {"PORT": os.environ.get("PORT") or "5000",
              "LABEL_STUDIO_PORT": os.environ.get("LABEL_STUDIO_PORT") or secrets.get("LABEL_STUDIO_PORT") or "8080"}
    values.update({name: os.environ[name] for name in PASSED_ON if os.environ.get(name)})
    return values


def record(path: Path) -> dict[str, str]:
    """Write run_settings() to path (replacing what an earlier run recorded); return them."""
    values = run_settings(path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write("# Written by `make run`: the ports and URLs it used. The environment wins over this file.\n")
        out.writelines(f"{name}={value}\n" for name, value in values.items())
    os.replace(partial, path)
    return values


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "instance/run.env")
    os.environ.update(record(target))
    config = from_environment()
    print(f"{target}: Label Studio {config['LABEL_STUDIO_URL']}, API {config['FACT_PUBLIC_URL']}")
