"""HTML ingest: the time to read a saved page (fact.services.ingest.pages.read_page: decoding, the
canonical link, trafilatura with its metadata and htmldate) against bare trafilatura.extract on the
same pages in the same run, and the same through a WARC file (warcio, then prepare_article).

The pages are generated: six outlets, each with its own menus, share widgets, sidebars, comments,
footer, metadata style (Open Graph and JSON-LD, a canonical link only, nothing), date style and layout
(<p> or <br>), one in Windows-1256; one page in ten is a tag list or a month archive. What the page
is made of is known, so the run also says what trafilatura kept: body paragraphs found, clutter lines
left, dates right, non-article pages refused.

    python -m bench.ingest_html [--pages 300] [--repeats 3]
"""
import argparse
import csv
import html as html_escape
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from bench.corpus import seed_paragraphs

ROOT = Path(__file__).resolve().parent.parent
ANS = ROOT.parent / "shared" / "datasets" / "ans" / "stance_train.csv"

OUTLETS = [  # name, host, metadata style, date style, layout, encoding, comments
    ("شبكة الشام الإخبارية", "shaam-news.example", "og", "meta", "p", "utf-8", True),
    ("الرأي برس", "alrai-press.example", "canonical", "time", "p", "utf-8", True),
    ("وكالة الأنباء العربية", "arab-news-agency.example", "jsonld", "url", "p", "utf-8", False),
    ("صحيفة الوطن", "watan.example", "none", "text", "br", "windows-1256", False),
    ("المرصد", "marsad.example", "og", "time", "p", "utf-8", True),
    ("أخبار الآن", "akhbar-alan.example", "canonical", "url", "br", "utf-8", False),
]
SHARE = ["فيسبوك", "تويتر", "واتساب", "تيليغرام", "طباعة", "إرسال لصديق"]
FOOTER = ["من نحن", "اتصل بنا", "سياسة الخصوصية", "أعلن معنا", "شروط الاستخدام"]
COMMENTS = ["الله يحمي سوريا وأهلها.", "هذا الخبر غير صحيح والقصف مستمر.", "متى تنتهي هذه الحرب؟",
            "شكرا على المتابعة.", "الإعلام يكذب علينا كل يوم."]


@dataclass
class GeneratedPage:
    html: bytes
    url: str
    is_article: bool
    published: date | None = None
    paragraphs: list[str] = field(default_factory=list)
    clutter: list[str] = field(default_factory=list)


def _sentences() -> list[str]:
    with ANS.open(encoding="utf-8") as rows:
        return [row["s1"].strip() for row in csv.DictReader(rows) if len(row["s1"].strip()) > 20]


def generate(count: int, seed: int = 11) -> list[GeneratedPage]:
    rng = random.Random(seed)
    paragraphs, headlines = seed_paragraphs(), _sentences()
    return [_page(rng, n, OUTLETS[n % len(OUTLETS)], paragraphs, headlines) for n in range(count)]


def _page(rng, n, outlet, paragraphs, headlines) -> GeneratedPage:
    name, host, meta_style, date_style, layout, encoding, comments = outlet
    published = date(2011, 3, 15) + timedelta(days=rng.randrange(2400))
    url = f"https://{host}/news/{published:%Y/%m/%d}/{n}" if date_style == "url" else f"https://{host}/?p={n}"
    headline = rng.choice(headlines)
    menu = [f"قسم {name.split()[0]} {i}" for i in range(1, rng.randint(6, 10))]
    teasers = rng.sample(headlines, 4)
    clutter = [*menu, *teasers, f"جميع الحقوق محفوظة © {name} {published.year}", "اشترك في النشرة البريدية ليصلك كل جديد"]
    e = html_escape.escape
    head = [f'<meta charset="{encoding}">', f"<title>{e(headline)} | {e(name)}</title>", _ASSETS]
    if meta_style == "og":
        head += [f'<meta property="og:site_name" content="{e(name)}">', f'<meta property="og:url" content="{url}">',
                 f'<meta property="article:published_time" content="{published}T10:00:00+03:00">']
    if meta_style in ("canonical", "jsonld"):
        head.append(f'<link rel="canonical" href="{url}">')
    if meta_style == "jsonld":
        head.append('<script type="application/ld+json">{"@type": "NewsArticle", "publisher": {"name": "%s"}}</script>' % name)
    nav = "".join(f'<li><a href="/c/{i}">{e(item)}</a></li>' for i, item in enumerate(menu))
    top = f'<header><nav><ul>{nav}</ul></nav><div class="ticker">عاجل: <a href="/n/1">{e(teasers[0])}</a></div></header>'
    side = "".join(f'<li><a href="/n/{i}">{e(t)}</a></li>' for i, t in enumerate(teasers[1:]))
    aside = f'<aside><h3>الأكثر قراءة</h3><ol>{side}</ol><div class="newsletter"><p>{clutter[-1]}</p><input type="email"></div></aside>'
    foot = "".join(f'<a href="/p/{i}">{item}</a> ' for i, item in enumerate(FOOTER))
    foot += "".join(f'<div class="col"><h4>{e(item)}</h4>{links}</div>' for item, links in zip(menu, _mega(rng, headlines)))
    footer = f"<footer>{foot}<p>{e(clutter[-2])}</p></footer>"
    if n % 10 == 9:  # a tag list or a month archive: links, no article
        links = "".join(f'<li><a href="/n/{i}">{e(t)}</a></li>' for i, t in enumerate(rng.sample(headlines, 12)))
        body = f'<main><h1>أرشيف {published:%m/%Y}</h1><ul class="posts">{links}</ul><div class="pages"><a href="?page=2">التالي</a></div></main>'
        return GeneratedPage(_document(head, top + body + aside + footer, encoding), url, False)
    chosen = [p.encode(encoding, "replace").decode(encoding) for p in rng.sample(paragraphs, rng.randint(3, 9))]
    dated = {"meta": "", "time": f'<time datetime="{published}">{published:%d/%m/%Y}</time>',
             "url": "", "text": f"<span>{published:%d/%m/%Y}</span>"}[date_style]
    share = "".join(f'<a href="#">{item}</a> ' for item in rng.sample(SHARE, 4))
    if layout == "p":
        text = "".join(f"<p>{e(p)}</p>" for p in chosen)
    else:
        text = "<br><br>".join(e(p) for p in chosen)
    said = "".join(f'<li class="comment"><p>{e(c)}</p></li>' for c in rng.sample(COMMENTS, 3)) if comments else ""
    discussion = f'<section id="comments"><h3>التعليقات</h3><ol>{said}</ol><h4>أضف تعليق</h4></section>' if comments else ""
    article = (f'<main><article><h1>{e(headline)}</h1><div class="meta">{dated}</div><div class="share">{share}</div>'
               f'<div class="entry-content">{text}</div><div class="tags">الوسوم: <a href="/tag/1">سوريا</a></div>'
               f"</article>{discussion}</main>")
    clutter += [c for c in COMMENTS if c in said]
    return GeneratedPage(_document(head, top + article + aside + footer, encoding), url, True, published,
                         chosen, clutter)


# What real pages carry besides the text: tag managers, ad set-up, styles (about 30 KB a page).
_ASSETS = ("<style>" + "".join(f".c{i} {{margin: {i}px; padding: 0 {i}px; color: #{i:06x}}}" for i in range(400))
           + "</style>" + "".join(f"<script>var slot{i} = googletag.defineSlot('/1234/news/{i}', [[300, 250]], "
                                 f"'div-gpt-{i}').addService(googletag.pubads()); window.dataLayer.push({{'slot': {i}}});</script>"
                                 for i in range(80)))


def _mega(rng, headlines: list[str]) -> list[str]:
    """A footer of link columns, as big outlets have: 5 to 9 columns of 8 links."""
    return ["".join(f'<a href="/n/{j}">{html_escape.escape(t)}</a>' for j, t in enumerate(rng.sample(headlines, 8)))
            for _ in range(rng.randint(5, 9))]


def _document(head: list[str], body: str, encoding: str) -> bytes:
    page = f'<!DOCTYPE html><html lang="ar" dir="rtl"><head>{"".join(head)}</head><body>{body}</body></html>'
    return page.encode(encoding, "replace")


def _timed(functions: dict, pages: list[GeneratedPage], repeats: int) -> tuple[dict[str, float], dict[str, list]]:
    """The median CPU seconds of each function on every page over `repeats` rounds, the functions taking
    turns in each round (the machine is shared: CPU time, interleaved, keeps the ratios fair); and
    the last round's results."""
    runs: dict[str, list[float]] = {name: [] for name in functions}
    results: dict[str, list] = {}
    for _ in range(repeats):
        for name, function in functions.items():
            started = time.process_time()
            results[name] = [function(p) for p in pages]
            runs[name].append(time.process_time() - started)
    return {name: statistics.median(times) for name, times in runs.items()}, results


def _bare(page: GeneratedPage):
    import trafilatura

    return trafilatura.extract(page.html)


def _same_options(page: GeneratedPage):
    """What read_page asks of trafilatura, on the bytes, alone: its cost is read_page's less this."""
    import trafilatura
    from trafilatura.settings import set_date_params

    return trafilatura.bare_extraction(page.html, with_metadata=True, include_comments=False, favor_precision=True,
                                       date_extraction_params=set_date_params(extensive=False))


def _ours(page: GeneratedPage):
    from fact.services.ingest.pages import read_page
    from fact.text.decode import RejectedInput

    try:
        return read_page(page.html)
    except RejectedInput:
        return None


def _warc(pages: list[GeneratedPage], workdir: Path, repeats: int) -> float:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from fact.services.ingest.inputs import _warc_records
    from fact.services.ingest.records import Articles

    path = workdir / "crawl.warc.gz"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for p in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(p.url, "response", payload=BytesIO(p.html), http_headers=headers))
    runs = []
    for _ in range(repeats):
        started = time.process_time()
        articles = Articles(_warc_records(path, 5 * 1024 * 1024, 16 * 1024 * 1024), per_record=True)
        list(articles)
        runs.append(time.process_time() - started)
    return statistics.median(runs)


def quality(pages: list[GeneratedPage], found: list) -> dict:
    articles = [(p, f) for p, f in zip(pages, found) if p.is_article]
    others = [f for p, f in zip(pages, found) if not p.is_article]
    kept = [(p, f) for p, f in articles if f is not None]
    lines = [(p, set(f.text.splitlines())) for p, f in kept]
    body = sum(len(p.paragraphs) for p, _ in lines)
    return {
        "article pages": len(articles), "refused": len(articles) - len(kept),
        "paragraphs found": sum(sum(1 for x in p.paragraphs if x in got) for p, got in lines) / max(body, 1),
        "clutter lines kept": sum(sum(1 for c in p.clutter if any(c in line for line in got)) for p, got in lines),
        "dates right": sum(1 for p, f in kept if f.published_at == p.published) / max(len(kept), 1),
        "dates wrong": sum(1 for p, f in kept if f.published_at not in (None, p.published)),
        "non-article pages": len(others), "non-article refused": sum(1 for f in others if f is None),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    pages = generate(args.pages)
    _ours(pages[0]), _bare(pages[0])  # imports and trafilatura's first-call set-up are not measured
    seconds, results = _timed({"bare": _bare, "same": _same_options, "ours": _ours}, pages, args.repeats)
    bare, same, ours, found = seconds["bare"], seconds["same"], seconds["ours"], results["ours"]
    with tempfile.TemporaryDirectory() as workdir:
        warc = _warc(pages, Path(workdir), args.repeats)
    per = lambda seconds: 1000 * seconds / len(pages)  # noqa: E731
    megabytes = sum(len(p.html) for p in pages) / 1024 / 1024
    print(f"## HTML ingest: {len(pages)} generated pages ({megabytes:.1f} MB of HTML), CPU time, median of {args.repeats}\n")
    print("| step | ms per page | ratio to bare trafilatura.extract |")
    print("|---|---|---|")
    print(f"| bare `trafilatura.extract(html)` (the baseline) | {per(bare):.1f} | 1.00 |")
    print(f"| bare `trafilatura.bare_extraction` with read_page's options | {per(same):.1f} | {same / bare:.2f} |")
    print(f"| `read_page` (decode, canonical, trafilatura with metadata and htmldate) | {per(ours):.1f} | {ours / bare:.2f} |")
    print(f"| the same from a .warc.gz (warcio, read_page, prepare_article) | {per(warc):.1f} | {warc / bare:.2f} |")
    print("\n| what trafilatura kept | |\n|---|---|")
    for name, value in quality(pages, found).items():
        print(f"| {name} | {value:.3f} |" if isinstance(value, float) else f"| {name} | {value} |")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
