"""Synthetic Arabic corpora built from the seed paragraphs, with enough variation to be distinct articles."""
import json
import random
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def seed_paragraphs() -> list[str]:
    lines = (line.strip() for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if len(line) > 40]


def write_corpus(path: Path, megabytes: float, seed: int = 7) -> tuple[int, int]:
    """Write a .jsonl of articles of 6-20 seed paragraphs until `megabytes` of text; return (articles, bytes)."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    target, written, count = int(megabytes * 1024 * 1024), 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            count += 1
            chosen = rng.sample(paragraphs, rng.randint(6, 20))
            number = str(rng.randint(2, 9999))
            # a number per article, half in Arabic-Indic digits, keeps every text distinct
            dateline = f"{number.translate(_DIGITS) if count % 2 else number} - تقرير رقم {count}"
            text = "\n".join([dateline, *chosen])
            record = {"text": text, "title": f"خبر {count}", "outlet": f"وكالة {count % 40}", "language": "ar"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += len(text.encode("utf-8"))
    return count, written


def read_texts(path: Path):
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)["text"]
