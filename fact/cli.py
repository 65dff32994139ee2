"""`flask fact ...`: thin commands over the services. Each unit of work commits once."""
import functools
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import DataError, IntegrityError

from fact.extensions import db
from fact.progress import progress
from fact.services.ingest.articles import ingest_articles
from fact.services.ingest.inputs import RejectedRecords, InputFile, collect
from fact.services.ingest.settle import newest_span_id, settle_after_ingest
from fact.text.decode import RejectedInput

fact_cli = AppGroup("fact", help="Fact-check annotation: ingest articles, set up Label Studio, push tasks, sync verdicts.")


@fact_cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--per-record", is_flag=True,
              help="In .jsonl and WARC files, ingest the good records and report each bad one "
                   "(by default a file with a bad record is rejected whole).")
def ingest_command(paths: tuple[Path, ...], per_record: bool) -> None:
    """Ingest .txt, .jsonl, .html/.htm and WARC (.warc, .warc.gz) files, or folders of them. One file is
    all ingested or not at all, unless --per-record.

    A bad file (a bad record: one line each, with its line or record number) is reported and the run goes
    on to the next; the summary is always printed, and the exit code is 1 if anything was rejected."""
    config = current_app.config  # the API's limits: an article's text, a request body
    max_bytes, max_record_bytes = config["FACT_MAX_ARTICLE_BYTES"], config["MAX_CONTENT_LENGTH"]
    units = list(collect(list(paths)))
    totals = {"ingested": 0, "skipped": 0, "rejected": 0, "records": 0, "appearances": 0}
    size = sum(u.size for u in units if isinstance(u, InputFile))
    before = newest_span_id()
    try:
        with progress(total=size, unit="B", unit_scale=True) as bar:
            for unit in units:
                if isinstance(unit, RejectedInput):
                    totals["rejected"] += 1
                    bar.write(printable(f"rejected {unit}"), file=sys.stderr)
                    continue
                try:
                    articles = unit.articles(max_bytes, max_record_bytes, per_record=per_record)
                    outcomes = ingest_articles(articles)
                    db.session.commit()
                except (RejectedInput, DataError, IntegrityError) as error:
                    db.session.rollback()
                    totals["rejected"] += 1
                    totals["records"] += len(error.records) if isinstance(error, RejectedRecords) else 0
                    for line in _rejection(unit.path, error):
                        bar.write(printable(line), file=sys.stderr)
                else:
                    for outcome in outcomes:
                        totals["skipped" if outcome.duplicate else "ingested"] += 1
                        totals["appearances"] += outcome.new_appearance
                    for line in _describe(unit.path, outcomes):
                        bar.write(printable(line))
                    totals["records"] += len(articles.rejected)
                    for number, reason in articles.rejected:  # --per-record: the bad ones, the file in
                        bar.write(printable(f"rejected {unit.path}:{number}: {reason}"), file=sys.stderr)
                    if articles.passed:
                        bar.write(printable(_passed_over(unit.path, articles.passed)))
                finally:
                    bar.update(unit.size)
        settle_after_ingest(before)
    finally:
        records = f" ({totals['records']} bad record(s))" if totals["records"] else ""
        appearances = (f"; {totals['appearances']} new appearance(s) of articles already there"
                       if totals["appearances"] else "")
        click.echo(f"{totals['ingested']} article(s) ingested, {totals['skipped']} already there, "
                   f"{totals['rejected']} file(s) rejected{records}{appearances}")
    if totals["rejected"] or totals["records"]:
        raise SystemExit(1)


def _passed_over(path: Path, count: int) -> str:
    return (f"passed over {path}: {count:,} record(s) that are no HTML page "
            "(requests, metadata, redirects, images, scripts)")


def printable(line: str) -> str:
    """A path whose name is not UTF-8 holds lone surrogates, which no UTF-8 stream prints: `\\udcff`."""
    return line.encode("utf-8", "backslashreplace").decode("utf-8")


def _rejection(path: Path, error: Exception) -> list[str]:
    """One line per bad record (`path:line: field: reason`, as compilers do), then the file's."""
    if isinstance(error, (DataError, IntegrityError)):  # validation let through what the database refuses
        reason = str(error.orig).strip().splitlines()[0]
        return [f"rejected {path}: the database refused it ({reason}); nothing ingested"]
    records = error.records if isinstance(error, RejectedRecords) else []
    return [*(f"rejected {path}:{number}: {reason}" for number, reason in records), f"rejected {path}: {error}"]


def _describe(path: Path, outcomes) -> list[str]:
    """The file's line, then one for each record that was already there: which article it is, and
    whether this outlet or URL was new to it (a wire copy, another link to the page)."""
    if len(outcomes) == 1 and outcomes[0].line is None:
        o = outcomes[0]
        if o.duplicate:
            return [f"skipped {path}: already ingested as article {o.article_id}{_as(o)}"]
        return [f"ingested {path} as article {o.article_id} ({o.paragraphs} paragraphs, {o.sentences} sentences)"]
    new = [o for o in outcomes if not o.duplicate]
    return [f"ingested {path}: {len(new)} new article(s), {len(outcomes) - len(new)} already there",
            *(f"already there: {path}{f' line {o.line}' if o.line else ''} → article {o.article_id}{_as(o)}"
              for o in outcomes if o.duplicate)]


def _as(outcome) -> str:
    """` (outlet X, a copy 0.91 alike, new appearance)`: what the record was already there as."""
    parts = [f"outlet {outcome.outlet}" if outcome.outlet else "outlet unknown"]
    parts.append(f"a copy {outcome.similarity:.2f} alike" if outcome.similarity is not None else "the same text")
    if outcome.new_appearance:
        parts.append("new appearance")
    return f" ({', '.join(parts)})"


def reaches_label_studio(command):
    """Label Studio down or refusing the token is one line that names its URL, and exit code 1; the
    traceback goes to the log (FACT_LOG_FILE, instance/fact.log), or to the terminal with --debug."""

    @click.option("--debug", is_flag=True, help="Show the traceback when Label Studio cannot be reached.")
    @functools.wraps(command)
    def wrapper(*args, debug: bool, **kwargs):
        from fact.labelstudio.client import WebhookNotKept
        from fact.labelstudio.errors import describe

        try:
            return command(*args, **kwargs)
        except WebhookNotKept as error:
            raise click.ClickException(str(error)) from error
        except Exception as error:
            line = describe(error, current_app.config["LABEL_STUDIO_URL"])
            if line is None or debug or current_app.debug:
                raise
            db.session.rollback()
            raise click.ClickException(f"{line} (traceback in {log_traceback(error)})") from error

    return wrapper


def log_traceback(error: BaseException) -> Path:
    """Append the error's traceback to the CLI's log file; return its path."""
    path = Path(current_app.config.get("FACT_LOG_FILE") or Path(current_app.instance_path) / "fact.log")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(f"--- {datetime.now(timezone.utc).isoformat(timespec='seconds')} flask fact "
                  f"{' '.join(sys.argv[2:])}\n{''.join(traceback.format_exception(error))}")
    return path


@fact_cli.command("setup")
@reaches_label_studio
def setup_command() -> None:
    """Create or update our Label Studio projects, of sentences and of claims (labeling config, Data Manager
    columns), and register their webhook."""
    from fact.labelstudio.claim_config import CLAIM_LABEL_CONFIG
    from fact.labelstudio.client import (ensure_claims_project, ensure_project, ensure_task_columns, ensure_webhook,
                                         form_columns)
    from fact.services.annotations.sync import sync_annotators

    ls = _label_studio()
    project_id, claims_id = ensure_project(ls), ensure_claims_project(ls)
    ensure_task_columns(ls, project_id)
    ensure_task_columns(ls, claims_id, form_columns(CLAIM_LABEL_CONFIG), ids=("claim_id",))
    hooks = [ensure_webhook(ls, project_id), ensure_webhook(ls, claims_id)]
    sync_annotators(ls)
    url = current_app.config["LABEL_STUDIO_URL"]
    click.echo(f"Label Studio project {project_id}: {url}/projects/{project_id}")
    click.echo(f"claims project {claims_id}: {url}/projects/{claims_id}")
    click.echo(f"webhooks {hooks[0]}, {hooks[1]} -> {current_app.config['FACT_PUBLIC_URL']}/api/labelstudio/webhook"
               if all(hooks) else "no webhook: FACT_WEBHOOK_SECRET is not set (run `flask fact sync` to pull annotations)")


@fact_cli.command("push")
@reaches_label_studio
def push_command() -> None:
    """Send every sentence, and every claim from outside with evidence, that has no task yet to Label Studio.
    Safe to rerun, also after a crash."""
    from fact.labelstudio.client import ensure_claims_project, ensure_project
    from fact.services.tasks.claim_push import push_claims
    from fact.services.tasks.push import push_spans

    ls = _label_studio()
    project_id = ensure_project(ls)
    report = push_spans(ls, project_id)
    click.echo(f"{report.created} task(s) created, {report.recovered} recovered from an interrupted push, "
               f"{report.already} already in project {project_id}, {report.refreshed} refreshed with new sources"
               + (f", {report.withdrawn} withdrawn (their sentence turned out to be boilerplate)" if report.withdrawn else ""))
    claims_id = ensure_claims_project(ls)
    claims = push_claims(ls, claims_id)
    click.echo(f"claims: {claims.created} claim task(s) created, {claims.recovered} recovered from an interrupted push, "
               f"{claims.already} already in project {claims_id}, {claims.refreshed} refreshed with new evidence")


@fact_cli.command("sync")
@click.option("--full", is_flag=True, help="Read every task, not only those updated since the last sync.")
@reaches_label_studio
def sync_command(full: bool) -> None:
    """Pull annotations from Label Studio and apply them (repairs what a lost webhook missed)."""
    sentences, claims = _sync(full)
    click.echo(f"{sentences.tasks} task(s) read: {_counts(sentences)}")
    click.echo(f"claims: {claims.tasks} claim task(s) read: {_counts(claims)}")


# Outcomes that change nothing: a reconcile that sees only these has nothing to say.
_NOTHING_DONE = {"duplicate", "stale", "deleted-before", "unknown"}


@fact_cli.command("reconcile")
@click.option("--minutes", type=click.FloatRange(min=0), help="Between two syncs [FACT_RECONCILE_MINUTES, 5].")
@click.option("--rounds", type=click.IntRange(min=1), help="Stop after this many syncs (default: never).")
def reconcile_command(minutes: float | None, rounds: int | None) -> None:
    """Run an incremental sync every few minutes, so that a lost or failed delivery is repaired
    without anyone remembering to. Quiet when there is nothing to do; a failure is one line, and the
    next round tries again."""
    from fact.labelstudio.errors import describe

    pause = 60 * (minutes if minutes is not None else current_app.config["FACT_RECONCILE_MINUTES"])
    done = 0
    while rounds is None or done < rounds:
        try:
            report = merged(*_sync(full=False))
        except Exception as error:  # noqa: BLE001 - the loop outlives any one failure
            db.session.rollback()
            line = describe(error, current_app.config["LABEL_STUDIO_URL"]) or _first_line(error)
            click.echo(f"reconcile: {line} (traceback in {log_traceback(error)})", err=True)
        else:
            if set(report.outcomes) - _NOTHING_DONE:
                click.echo(f"reconcile: {report.tasks} task(s) read: {_counts(report)}")
        done += 1
        if rounds is None or done < rounds:
            time.sleep(pause)


@fact_cli.command("worker")
@click.option("--threads", type=click.IntRange(min=1), default=1, show_default=True, help="Deliveries applied at once.")
def worker_command(threads: int) -> None:
    """Apply the webhook deliveries that the database could not take when they came (queued, answered
    202), with retries and backoff. `make run` starts it beside gunicorn."""
    import logging

    from fact.services.annotations.spool import queue

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s: %(message)s")
    queue(current_app._get_current_object()).create_consumer(workers=threads, worker_type="thread").run()


def _first_line(error: Exception) -> str:
    if isinstance(error, click.ClickException):
        return error.format_message()
    return f"{type(error).__name__}: {(str(error).splitlines() or [''])[0][:300]}"  # SQLAlchemy's run on with the SQL


def _sync(full: bool):
    """Pull both projects: the sentences' and the claims'."""
    from fact.labelstudio.client import ensure_claims_project, ensure_project
    from fact.services.annotations.sync import sync_annotations

    ls = _label_studio()
    return sync_annotations(ls, ensure_project(ls), full=full), sync_annotations(ls, ensure_claims_project(ls), full=full)


def merged(*reports):
    """One report of several projects' syncs."""
    from fact.services.annotations.sync import SyncReport

    total = SyncReport()
    for report in reports:
        total.tasks += report.tasks
        for outcome, n in report.outcomes.items():
            total.count(outcome, n)
    return total


def _counts(report) -> str:
    return ", ".join(f"{n} {outcome}" for outcome, n in sorted(report.outcomes.items())) or "no annotations"


@fact_cli.command("match")
@click.option("--full", is_flag=True, help="Recompute every sentence's candidates and every claim's evidence, not only the new ones'.")
def match_command(full: bool) -> None:
    """Find candidate passages in other articles for each sentence, group articles into stories, and
    bring the claims' evidence and their already-checked matches up to date (flask fact claims evidence,
    flask fact claims checked)."""
    from fact.services.matching.candidates import match_sentences  # scikit-learn loads only for this command

    from fact.claims_cli import checked_line, evidence_line
    from fact.services.claims.evidence import refresh_evidence

    report = match_sentences(full=full)
    click.echo(f"{report.sentences} sentence(s): {report.matched} matched, {report.updated} older ones gained "
               f"candidates, {report.candidates} candidate(s) written, {report.stories} multi-article story(ies)")
    click.echo(f"evidence: {evidence_line(refresh_evidence(full=full))}")  # new articles or claims: theirs
    click.echo(f"already checked: {checked_line(full)}")  # new claims, or claims that gained a label


@fact_cli.command("embed")
@click.option("--full", is_flag=True, help="Embed every sentence again, not only those without a vector by this model.")
def embed_command(full: bool) -> None:
    """Embed each taskable sentence with the FACT_EMBEDDER model, for matching by meaning."""
    from fact.matching.embedders import EmbedderError, load_embedder
    from fact.services.matching.embeddings import embed_spans, model_key

    try:
        embedder = load_embedder(current_app.config["FACT_EMBEDDER"])
    except EmbedderError as error:
        raise click.ClickException(str(error)) from None
    if embedder is None:
        click.echo("FACT_EMBEDDER=none: matching is lexical only, nothing to embed")
        return
    report = embed_spans(embedder, full=full)
    click.echo(f"{report.sentences} sentence(s) by {model_key(embedder)}: {report.embedded} embedded, "
               f"{report.reused} given the vector of the same text, {report.kept} already embedded")


def _label_studio():
    # The SDK (with pandas) loads only for the commands that talk to Label Studio: the API's workers
    # never need it.
    from fact.labelstudio.client import LabelStudioNotConfigured, connect

    try:
        return connect()
    except LabelStudioNotConfigured as error:
        raise click.ClickException(str(error)) from error


@fact_cli.command("export")
@click.option("--format", "format_name", required=True, help="fever, stance, claim-spans, csv, parquet, claimreview or qrels.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Directory; the export goes to OUT/FORMAT/.")
@click.option("--agreed-only", is_flag=True, help="Only claims two or more annotators agree on, or a lead adjudicated.")
@click.option("--split", "split_text", help="Train,dev,test fractions, e.g. 0.8,0.1,0.1 (stories are kept whole).")
@click.option("--seed", type=int, default=13, show_default=True, help="Seed of the split.")
@click.option("--author", default="Fact-check annotators", show_default=True, help="ClaimReview's reviewing organization.")
def export_command(format_name: str, out: Path, agreed_only: bool, split_text: str | None, seed: int, author: str) -> None:
    """Export the claims as a dataset with its card; the files appear whole or not at all."""
    from fact.services.exports import ExportError, ExportOptions, export_to_directory, get_format, parse_split

    try:
        get_format(format_name)
    except ExportError as error:
        raise click.BadParameter(str(error), param_hint="'--format'") from error
    try:
        split = parse_split(split_text) if split_text is not None else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--split'") from error
    try:
        card = export_to_directory(format_name, out, ExportOptions(agreed_only, split, seed, author))
    except ExportError as error:
        raise click.ClickException(str(error)) from error
    parts = ", ".join(f"{part} {s['records']}" for part, s in card["splits"].items())
    of = f" of {card['counts']['claims']} claim(s)" if "claims" in card["counts"] else ""  # qrels read no claims
    click.echo(f"{card['counts']['records']} record(s){of} written to {out / format_name} ({parts})")
