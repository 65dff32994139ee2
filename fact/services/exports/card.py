"""The dataset card every export carries: card.json for programs, README.md for people and the Hub.

The figures are counted as the records stream past, so the card describes exactly what was written.
Its "verdicts" are the current verdicts written (fact.services.claims.votes); agreement counts "votes",
each annotator's newest current verdict on a claim.
"""
from collections import Counter, defaultdict
from dataclasses import asdict
from datetime import datetime, timezone

from sqlalchemy import inspect, text

from fact.extensions import db
from fact.services.claims.agreement import LABELS, AgreementFigures, figures
from fact.services.claims.votes import newest_per_annotator

# 2.0: agreement.krippendorff.verdicts is now "votes"; 2.1: stance rows say their `level` (article rows
# added), a card section for a format's own reading (article_stances, qrels); 2.2: a format that reads no
# verdicts (qrels) carries no verdict figures (claims, verdicts, labels, agreement), where 2.1 gave zeros;
# 2.3: stance article rows say whether a lead settled the pair (`adjudicated`), and the card counts them
EXPORT_SCHEMA_VERSION = "2.3"
ALL = "all"  # the one part when no split is asked
_LABEL_NAMES = [str(label) for label in LABELS]


class Tally:
    """Counts per split as claims and records go by."""

    def __init__(self, assignment: dict[str, str] | None, reading=None):
        self.assignment = assignment
        self.reading = reading  # the format's records apart from the verdicts (exports.formats), if any
        self.claims: Counter = Counter()
        self.records: Counter = Counter()
        self.verdicts = 0  # current verdicts
        self.labels: dict[str, Counter] = defaultdict(Counter)
        self.agreement: Counter = Counter()
        self.languages: set[str] = set()
        # (votes for each of LABELS) -> how many claims judged by two or more got them: as many keys as
        # there are ways to split a handful of votes, however many claims
        self.vote_rows: Counter = Counter()

    def part(self, group: str) -> str:
        if self.assignment is None:
            return ALL
        return self.assignment.get(group, "train")  # a claim newer than the plan: train, never test

    def count_claims(self, claims):
        for claim in claims:
            self.verdicts += len(claim.verdicts)
            votes = newest_per_annotator((v.annotator_id, v.label) for v in claim.verdicts)  # in id order
            self.add_claim(self.part(claim.group), claim.label, claim.agreement, claim.language, votes.values())
            yield claim

    def add_claim(self, part: str, label: str | None, agreement: str, language: str | None, votes) -> None:
        """One claim; `votes`: the label of each of its annotators' vote (where two or more annotators
        judged it, what the alpha is computed from)."""
        self.claims[part] += 1
        self.labels[part][label or "none (contested)"] += 1
        self.agreement[agreement] += 1
        if language is not None:  # a claim from outside may not say
            self.languages.add(language)
        votes = list(votes)
        if len(votes) >= 2:
            self.vote_rows[tuple(votes.count(name) for name in _LABEL_NAMES)] += 1

    def figures(self) -> AgreementFigures:
        """fact.services.claims.agreement's figures over the exported claims, from the vote patterns gathered as
        the rows went by (agreement() itself would read every verdict a second time)."""
        return figures(self.vote_rows)


def migration_revision() -> str | None:
    connection = db.session.connection()
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def build(fmt, options: dict, files: dict[str, str], tally: Tally) -> dict:
    card = {
        "format": fmt.name, "description": fmt.describe, "schema_version": EXPORT_SCHEMA_VERSION,
        "migration_revision": migration_revision(),
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "options": options, "files": files,
        "counts": {"records": sum(tally.records.values())},
        "splits": {part: {"records": tally.records[part]} for part in files},
        "languages": sorted(tally.languages),
    }
    if fmt.records is not None:  # a format that reads no verdicts (qrels) has no verdict figures, not zeros
        card.update(_verdict_figures(fmt, files, tally))
    if tally.reading:
        card[tally.reading.section] = tally.reading.card()
    return card


def _verdict_figures(fmt, files: dict[str, str], tally: Tally) -> dict:
    """The card's figures of the verdicts written: claims, labels, agreement, and each split's."""
    figures = tally.figures()
    labels = Counter()
    for counts in tally.labels.values():
        labels.update(counts)
    left_out = "Claims whose annotators tie (contested) and that no lead adjudicated have no label: they "
    left_out += "are left out." if fmt.labelled else "are kept, with an empty claim label."
    return {
        "counts": {"claims": sum(tally.claims.values()), "verdicts": tally.verdicts,
                   "records": sum(tally.records.values())},
        "splits": {part: {"claims": tally.claims[part], "records": tally.records[part],
                          "labels": dict(sorted(tally.labels[part].items()))} for part in files},
        "labels": dict(sorted(labels.items())),
        "agreement": {"claims": dict(sorted(tally.agreement.items())), "krippendorff": asdict(figures)},
        "label_rule": "A claim's label is the lead's adjudication where there is one, else its annotators' "
                      "majority (each annotator counted once, with their newest verdict). " + left_out,
    }


def readme(card: dict, task: str) -> str:
    """A Hugging Face dataset card: YAML front matter the Hub reads, then the same figures in prose."""
    files = "\n".join(f"  - split: {'train' if part == ALL else part}\n    path: {name}"
                      for part, name in card["files"].items())
    languages = "\n".join(f"- {lang}" for lang in card["languages"]) or "- ar"
    options = ", ".join(f"{k}={v}" for k, v in card["options"].items())
    return f"""---
pretty_name: Fact-check annotations ({card['format']})
language:
{languages}
task_categories:
- {task}
configs:
- config_name: default
  data_files:
{files}
---

# Fact-check annotations: {card['format']}

{card['description']}

{_verdicts(card)}{_reading(card)}## Provenance

Export schema version {card['schema_version']}, database migration {card['migration_revision']},
made {card['created_at']} with {options}.
"""


def _verdicts(card: dict) -> str:
    """The README's sections on the verdicts written (labels, splits, agreement); for a format that reads
    none (qrels), only its records by split."""
    if "agreement" not in card:
        splits = "\n".join(f"| {part} | {s['records']} |" for part, s in card["splits"].items())
        return f"""Records: {card['counts']['records']}. This format reads no verdicts: it has no claim labels or agreement.

## Splits

| split | records |
|---|---|
{splits}

"""
    splits = "\n".join(f"| {part} | {s['claims']} | {s['records']} | "
                       f"{', '.join(f'{k}: {v}' for k, v in s['labels'].items()) or '-'} |"
                       for part, s in card["splits"].items())
    kripp = card["agreement"]["krippendorff"]
    per_label = ", ".join(f"{k}: {v}" for k, v in kripp["per_label"].items())
    return f"""## Labels

{card['label_rule']}

Claims: {card['counts']['claims']}; current verdicts (not superseded by a revision): {card['counts']['verdicts']};
records: {card['counts']['records']}.
Claim labels: {', '.join(f'{k}: {v}' for k, v in card['labels'].items()) or 'none'}.

## Splits

| split | claims | records | labels |
|---|---|---|---|
{splits}

Splits keep each story whole: the articles of one story cluster (or an article in none) are in one split.

## Agreement

Claims by agreement: {', '.join(f'{k}: {v}' for k, v in card['agreement']['claims'].items()) or 'none'}.
Krippendorff's alpha (nominal) over the {kripp['claims']} exported claims judged by two or more annotators,
from their {kripp['votes']} votes (each annotator's newest current verdict): {kripp['alpha']} (per label: {per_label}).

"""


def _reading(card: dict) -> str:
    """The README's section on a format's own reading (the articles' stances, the qrels), if it has one."""
    if "article_stances" in card:
        rows = card["article_stances"]
        kripp = rows["krippendorff"]
        per_label = ", ".join(f"{k}: {v}" for k, v in kripp["per_label"].items())
        labels = ", ".join(f"{k}: {v}" for k, v in rows["labels"].items()) or "none"
        return f"""## Article stances

{rows['rule']}

Article rows: {rows['rows']} over {rows['claims']} claims ({labels}); left out: {rows['left_out']['ties']} ties,
{rows['left_out']['single']} pairs of one annotator. Krippendorff's alpha (nominal) over the {kripp['pairs']} written
pairs with two or more annotators, from their {kripp['votes']} votes: {kripp['alpha']} (per stance: {per_label}).

"""
    if "qrels" in card:
        qrels = card["qrels"]
        return f"""## Judgements

{qrels['rule']}

Lines: {qrels['lines']} over {qrels['queries']} queries (relevant {qrels['relevant']}, not relevant
{qrels['not_relevant']}); suggestions left out: {qrels['suggested_left_out']}.

"""
    return ""
