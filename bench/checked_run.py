"""`flask fact claims checked` in the database: how long a full run, an idle run, a run after new claims
and a run after one newly checked claim take, by words alone (FACT_EMBEDDER=none: the embedding is
the embedder's cost, measured by bench.embed), on SQLite and PostgreSQL.

    python -m bench.checked_run [--checked 3900] [--new 2000] [--only sqlite,postgresql]

The checked claims are the distinct ANS train headlines (`s1`) and realistic headlines, each
adjudicated (a label through an adjudication row, as the lead gives it); the new claims are ANS train
`s2`s, imported without a label: the shape of a desk's pool and its incoming claims.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def measure(url: str, checked: int, new: int) -> dict:
    os.environ["DATABASE_URL"] = url
    from flask_migrate import upgrade
    from sqlalchemy import func, insert, literal, select

    from bench.claim_sets import ans_pairs, realistic_headlines
    from fact import create_app
    from fact.extensions import db
    from fact.models import Adjudication, Claim, ClaimMatch, Label
    from fact.services.claims.aggregate import adjudicate
    from fact.services.claims.checked import match_checked
    from fact.services.claims.intake.store import claim_key
    from fact.text.normalize import normalize_for_search

    pairs = ans_pairs("train")
    by_key = {}  # one claim per normalized text, as the import keeps them
    for text in [p[0] for p in pairs] + realistic_headlines(6000, 3) + [p[1] for p in pairs]:
        by_key.setdefault(claim_key(text), text)
    texts = list(by_key.values())
    heads, incoming = texts[:checked], texts[checked : checked + new + 10]
    if len(incoming) < new + 10:
        raise SystemExit(f"only {len(texts)} distinct texts: ask for fewer claims")
    app = create_app()
    with app.app_context():
        upgrade()
        labels = list(Label)
        rows = [{"origin": "imported", "text": t, "search_text": normalize_for_search(t), "claim_key": claim_key(t),
                 "label": labels[i % 3], "adjudicated_label": labels[i % 3]} for i, t in enumerate(heads)]
        rows += [{"origin": "imported", "text": t, "search_text": normalize_for_search(t), "claim_key": claim_key(t)}
                 for t in incoming[:new]]
        db.session.execute(insert(Claim), rows)
        db.session.execute(insert(Adjudication).from_select(
            ["claim_id", "label", "adjudicator", "created_at"],
            select(Claim.id, Claim.label, literal("bench"), Claim.created_at).where(Claim.label.is_not(None))))
        db.session.commit()
        out = {"backend": db.engine.dialect.name, "checked": len(heads), "new": new}

        def timed(name: str, **kwargs) -> None:
            start = time.perf_counter()
            report = match_checked(None, **kwargs)
            out[name] = round(time.perf_counter() - start, 2)
            out[f"{name} searched"] = report.searched

        timed("full")
        out["suggestions"] = db.session.scalar(select(func.count()).select_from(ClaimMatch))
        timed("idle")
        db.session.execute(insert(Claim), [{"origin": "imported", "text": t, "search_text": normalize_for_search(t),
                                            "claim_key": claim_key(t)} for t in incoming[new : new + 10]])
        db.session.commit()
        timed("10 new claims")
        claim = db.session.scalar(select(Claim).where(Claim.label.is_(None)).order_by(Claim.id.desc()))
        adjudicate(claim, Label.disputed, "bench", None)
        db.session.commit()
        timed("1 newly checked")
        db.session.remove()
        db.engine.dispose()
    return out


def main(argv: list[str]) -> None:
    from bench.api import DEFAULT_SERVER_URL, postgres_database

    parser = argparse.ArgumentParser(prog="bench.checked_run", description=__doc__.splitlines()[0])
    parser.add_argument("--checked", type=int, default=3900)
    parser.add_argument("--new", type=int, default=2000)
    parser.add_argument("--only", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SERVER_URL)
    args = parser.parse_args(argv)
    os.environ["FACT_EMBEDDER"] = "none"
    if "sqlite" in args.only:
        with tempfile.TemporaryDirectory() as tmp:
            print(measure(f"sqlite:///{Path(tmp) / 'checked.db'}", args.checked, args.new), flush=True)
    if "postgresql" in args.only:
        with postgres_database(args.database_url) as url:
            print(measure(url, args.checked, args.new), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
