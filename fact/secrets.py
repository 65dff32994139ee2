"""Make the local secrets file that `make run` needs, once: `python -m fact.secrets instance/secrets.env`.

The file is git-ignored and readable by its owner only; keys already in it are kept, missing ones are
added (so an older checkout gains the new ones). Nothing is printed but the file's path.
"""
import os
import secrets
import sys
from pathlib import Path

GENERATORS = {
    "FACT_API_TOKEN": lambda: secrets.token_urlsafe(32),
    "FACT_WEBHOOK_SECRET": lambda: secrets.token_urlsafe(32),
    "LABEL_STUDIO_USERNAME": lambda: "admin@localhost",
    "LABEL_STUDIO_PASSWORD": lambda: secrets.token_urlsafe(18),
    "LABEL_STUDIO_TOKEN": lambda: secrets.token_hex(20),  # Label Studio wants 40 hex characters
    "FACT_SECRET_KEY": lambda: secrets.token_urlsafe(32),  # signs the lead page's session and CSRF tokens
    "FACT_LEAD_EMAIL": lambda: "lead@localhost",
    "FACT_LEAD_PASSWORD": lambda: secrets.token_urlsafe(18),
}
USERNAMES = ("LABEL_STUDIO_USERNAME", "FACT_LEAD_EMAIL")  # the same on every install: not secret


def ensure_secrets(path: Path) -> list[str]:
    """Add the missing keys to `path`; return their names."""
    path.parent.mkdir(parents=True, exist_ok=True)
    present = set()
    if path.exists():
        present = {line.split("=", 1)[0].strip() for line in path.read_text().splitlines() if "=" in line}
    missing = [name for name in GENERATORS if name not in present]
    if missing:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a") as out:
            out.writelines(f"{name}={GENERATORS[name]()}\n" for name in missing)
    os.chmod(path, 0o600)
    return missing


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "instance/secrets.env")
    added = ensure_secrets(target)
    print(f"{target}: {'added ' + ', '.join(added) if added else 'complete'} (git-ignored, mode 600)")
