"""`flask fact claims ...`: claims from outside. Thin commands over fact.services.claims.intake and
fact.services.claims.evidence."""
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from fact.cli import printable
from fact.progress import progress
from fact.services.claims.intake.files import FORMATS, ClaimFile
from fact.services.claims.intake.imports import import_claims
from fact.services.claims.intake.verdicts import VerdictMap, VerdictMapError
from fact.services.claims.labels.imports import import_labels
from fact.services.claims.labels.records import FORMATS as LABEL_FORMATS
from fact.text.decode import RejectedInput

ANNOTATOR_NAME_MAX = 320  # fact.models.Annotator.name

claims_cli = AppGroup("claims", help="Claims to check that come from outside: a tip line, a list, a ClaimReview feed.")


@claims_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "format_name", type=click.Choice(FORMATS),
              help="How to read every file (default: by how its name ends, .csv, .jsonl or .json/.jsonld, "
                   "else by its first characters).")
@click.option("--verdict-map", type=click.Path(path_type=Path, dir_okay=False),
              help='JSON {"source or *": {"rating": "label"}}: our label for outside ratings, before the default map.')
def import_command(paths: tuple[Path, ...], format_name: str | None, verdict_map: Path | None) -> None:
    """Import claims from CSV, JSON Lines or ClaimReview (JSON-LD) files.

    Each record is stored whole or not at all: the good ones are kept, each bad one is reported on a
    line of its own (FILE:LINE: field: reason), and the exit code is 1 if any was rejected. The same
    claim after normalization is one claim: a second record adds its appearances. Importing a file
    again adds nothing."""
    try:
        verdicts = VerdictMap.read(verdict_map) if verdict_map else VerdictMap()
    except VerdictMapError as error:
        raise click.BadParameter(str(error), param_hint="'--verdict-map'") from error
    max_record_bytes = current_app.config["MAX_CONTENT_LENGTH"]  # a record is refused where the API refuses it
    totals = {"created": 0, "merged": 0, "unchanged": 0, "appearances": 0, "rejected": 0, "files": 0}
    sizes = {p: p.stat().st_size for p in paths if p.is_file()}
    try:
        with progress(total=sum(sizes.values()), unit="B", unit_scale=True) as bar:
            for path in paths:
                if path not in sizes:
                    totals["files"] += 1
                    why = "a folder (name its files)" if path.is_dir() else "no such file"
                    bar.write(printable(f"rejected {path}: {why}"), file=sys.stderr)
                    continue
                report = import_claims(ClaimFile(path, format_name), verdicts, max_record_bytes)
                for number, reason in report.rejected:
                    bar.write(printable(f"rejected {path}:{number}: {reason}"), file=sys.stderr)
                for number, note in report.notes:
                    bar.write(printable(f"note {path}:{number}: {note}"))
                if report.failure:
                    totals["files"] += 1
                    bar.write(printable(f"rejected {path}: {report.failure}"), file=sys.stderr)
                if report.records:
                    passed = f"; {report.passed} other node(s) passed over" if report.passed else ""
                    bar.write(printable(f"imported {path}: {report.created} created, {report.merged} merged, "
                                        f"{report.unchanged} already there, {len(report.rejected)} rejected{passed}"))
                for name in ("created", "merged", "unchanged", "appearances"):
                    totals[name] += getattr(report, name)
                totals["rejected"] += len(report.rejected)
                bar.update(sizes[path])
    finally:
        files_rejected = f", {totals['files']} file(s) rejected" if totals["files"] else ""
        click.echo(f"{totals['created']} claim(s) created, {totals['merged']} merged into claims already there "
                   f"({totals['appearances']} new appearance(s)), {totals['unchanged']} already there, "
                   f"{totals['rejected']} record(s) rejected{files_rejected}")
    if totals["created"]:
        click.echo("run `flask fact claims evidence` (or `flask fact match`) to find their evidence")
    if totals["rejected"] or totals["files"]:
        raise SystemExit(1)


@claims_cli.command("labels")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--annotator", required=True, help="Whose labels these are (e.g. gold): a named outside annotator, "
                                                 "made on first use, counted in agreement like any other.")
@click.option("--format", "format_name", type=click.Choice(LABEL_FORMATS),
              help="How to read every file (default: by how its name ends, .csv, else JSON Lines).")
def labels_command(paths: tuple[Path, ...], annotator: str, format_name: str | None) -> None:
    """Import a labelled stance corpus: per record a claim, an article (its text, or the URL of one
    ingested), its stance (agree, disagree, discuss, unrelated), its rationale lines and perhaps the
    claim's verdict (docs/claim-labels.md).

    Each claim is stored whole or not at all: a bad record is reported on a line of its own
    (FILE:LINE: reason) and keeps its claim out; the exit code is 1 if any was rejected. Importing
    the same files again changes nothing; a changed file makes a new revision of the claims it changes."""
    name = " ".join(annotator.split())
    if not name or len(name) > ANNOTATOR_NAME_MAX:
        raise click.BadParameter(f"give a name of 1 to {ANNOTATOR_NAME_MAX} characters", param_hint="'--annotator'")
    config = current_app.config
    try:
        report = import_labels(list(paths), name, format_name, config["FACT_MAX_ARTICLE_BYTES"],
                               config["MAX_CONTENT_LENGTH"])
    except RejectedInput as error:
        raise click.ClickException(str(error)) from error
    for where, reason in report.rejected:
        click.echo(printable(f"rejected {where}: {reason}"), err=True)
    click.echo(f"{report.records} record(s): {report.accepted} claim(s) labelled by {name}, {report.unchanged} "
               f"unchanged, {report.left_out} left out; {report.claims_created} claim(s) and "
               f"{report.articles_ingested} article(s) new")
    if report.rejected:
        raise SystemExit(1)


@claims_cli.command("evidence")
@click.option("--full", is_flag=True, help="Search every claim again, not only those whose evidence is stale.")
def evidence_command(full: bool) -> None:
    """Find each claim's evidence: the articles most likely to support or refute it, with their best passages.

    Only stale claims are searched: never searched, searched with another model, or before the newest
    articles (those are brought up to date with the new sentences alone). `flask fact match` runs this too."""
    from fact.services.claims.evidence import refresh_evidence  # scikit-learn loads only for this command

    click.echo(evidence_line(refresh_evidence(full=full)))


def evidence_line(report) -> str:
    """The one-line report of an evidence run (fact.services.claims.evidence.EvidenceReport)."""
    return (f"{report.claims} claim(s) against {report.sentences} sentence(s) ({report.model}): "
            f"{report.searched} searched, {report.updated} brought up to date, {report.current} already current; "
            f"{report.articles} evidence article(s), {report.passages} passage(s) written")


@claims_cli.command("checked")
@click.option("--full", is_flag=True, help="Match every claim not linked yet, not only those whose match is stale.")
def checked_command(full: bool) -> None:
    """Offer each claim the already-checked claims nearest it (by FACT_EMBEDDER, or words with none).

    A pair at the suggest threshold or above waits for the lead ("already checked" on the lead's page,
    POST /api/claims/<id>/matches/<match_id>); a rejected pair is never offered again, a decided one
    never replaced. Incremental: only new claims, claims changed since, or all of them when a claim
    with a label changed since."""
    click.echo(checked_line(full))


def checked_line(full: bool) -> str:
    """Run the already-checked match; its one-line report (`flask fact match` runs it too)."""
    from fact.matching.embedders import EmbedderError, load_embedder
    from fact.services.claims.checked import match_checked
    from fact.services.matching.embeddings import model_key

    try:
        embedder = load_embedder(current_app.config["FACT_EMBEDDER"])
    except EmbedderError as error:
        raise click.ClickException(str(error)) from None
    report = match_checked(embedder, full=full)
    link = "LINK is infinite: none without the lead" if report.link == float("inf") else f"at {report.link:.3f} or more"
    return (f"{report.checked} checked claim(s); {report.searched} of {report.unlinked} unlinked claim(s) "
            f"matched by {model_key(embedder)} ({report.ranking}): {report.suggested} suggestion(s) at "
            f"{report.suggest:.3f} or more, {report.linked} linked ({link}), {report.rejected_kept} "
            f"rejected pair(s) not offered again, {report.embedded} claim(s) embedded")
