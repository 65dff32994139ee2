"""Our own labelled scraped sample for the boilerplate benchmark (bench/boilerplate.py), built to
hold what issue 12 lists and what a generator of templates may miss: real ANS headlines
(../shared/datasets/ans, Apache-2.0) as prose, a wire story's background paragraph that an outlet
repeats word for word (news), wire headlines several outlets run (news), short real sentences an
outlet repeats inside its paragraphs (news), the issue's clutter (newsletter prompts, the login
widget, the video-tag fallback, `اقرأ / ي أيض ا : الأكثر قراءة`, sidebar teasers that are the
outlet's own headlines, an outlet slogan in most of its pages, Hijri date bars), clutter glued to the
headline or the last line, tokenized punctuation, and pages that are not articles.

`generate(n, seed)` gives records in the shape of bench/realistic.py: text, outlet, and a `truth`
whose paragraphs say what is clutter (offsets in code points).
"""
import csv
import random
import re
from pathlib import Path

ANS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "ans" / "stance_train.csv"
LOGIN = "{ * welcomeName * } { * loginWidget * } تسجيل الدخول"
VIDEO = "Your browser does not support the video tag ."
READ_ALSO = "اقرأ / ي أيض ا : الأكثر قراءة"
NEWSLETTER = ["اشترك في النشرة البريدية ليصلك جديد الأخبار", "سجل بريدك الإلكتروني لتصلك نشرتنا اليومية"]
SLOGANS = ["صوت من لا صوت له", "الخبر كما هو", "نافذتك على العالم", "إعلام مستقل منذ 2011"]
BACKGROUND = ("وتشهد سوريا منذ منتصف آذار 2011 نزاعا داميا تسبب بمقتل أكثر من {n} ألف شخص وبدمار هائل في البنى "
              "التحتية وبنزوح وتشريد أكثر من نصف السكان داخل البلاد وخارجها .")
STOCK = ["ولم تتبن أي جهة الهجوم حتى الآن .", "ولم يتسن التحقق من هذه المعلومات من مصدر مستقل ."]
CONNECT = ["و", "كما ", "في حين ", "بينما ", "إلى ذلك ، "]


def _tokenize(text: str) -> str:
    return re.sub(r"\s*([.,،:\"/])\s*", r" \1 ", text).strip()


def _headlines(rng: random.Random) -> list[str]:
    with ANS.open(encoding="utf-8", newline="") as rows:
        found = sorted({row["s1"].strip() for row in csv.DictReader(rows) if len(row["s1"].split()) >= 5})
    rng.shuffle(found)
    return found


class _Page:
    def __init__(self, tokenized: bool):
        self.tokenized, self.lines = tokenized, []

    def add(self, text: str, clutter: bool, kind: str, sentences: bool = True) -> None:
        text = _tokenize(text) if self.tokenized else text
        self.lines.append({"text": text, "clutter": clutter, "kind": kind, "glued": [], "real": not clutter})

    def glue(self, index: int, text: str, before: bool) -> None:
        line = self.lines[index]
        text = _tokenize(text) if self.tokenized else text
        if before:
            line["glued"].append((0, len(text)))
            line["shift"] = len(text) + 1
            line["text"] = f"{text} {line['text']}"
        else:
            line["glued"].append((len(line["text"]) + 1, len(line["text"]) + 1 + len(text)))
            line["text"] = f"{line['text']} {text}"

    def finish(self) -> tuple[str, list[dict]]:
        out, at = [], 0
        for line in self.lines:
            shift = line.get("shift", 0)
            real_end = at + len(line["text"]) - sum(e - s + 1 for s, e in line["glued"] if s > 0)
            out.append({"start": at, "end": at + len(line["text"]), "clutter": line["clutter"], "kind": line["kind"],
                        "glued": [{"start": at + s, "end": at + e, "kind": "glued"} for s, e in line["glued"]],
                        "sentences": [] if line["clutter"] else [{"start": at + shift, "end": real_end}]})
            at += len(line["text"]) + 1
        return "\n".join(line["text"] for line in self.lines), out


def generate(n_articles: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    pool = _headlines(rng)
    outlets = []
    for i in range(max(4, n_articles // 25)):
        outlets.append({"name": f"شبكة الأخبار {i}", "tokenized": rng.random() < 0.5, "slogan": rng.choice(SLOGANS),
                        "login": rng.random() < 0.3, "glue_tail": rng.random() < 0.3, "hijri": rng.random() < 0.4,
                        "newsletter": rng.choice(NEWSLETTER) if rng.random() < 0.5 else None,
                        "background": rng.random() < 0.4, "stock": rng.choice(STOCK), "headlines": []})
    records, event = [], 0
    while len(records) < n_articles and len(pool) > 20:
        headline, body = pool.pop(), [pool.pop() for _ in range(rng.randint(6, 10))]
        paragraphs = [" ، ".join(body[i : i + 3]) + " ." for i in range(0, len(body), 3)]
        for outlet in rng.sample(outlets, rng.choice([1, 1, 2, 3, 4])):
            if len(records) >= n_articles:
                break
            records.append(_article(rng, outlet, headline, paragraphs, event, len(records)))
            if rng.random() < 0.04:
                records.append(_listing(rng, rng.choice(outlets), len(records)))
        event += 1
    return records[:n_articles]


def _article(rng, outlet, headline, paragraphs, event, number) -> dict:
    page = _Page(outlet["tokenized"])
    if outlet["hijri"]:
        page.add(f"{rng.randint(1432, 1438)} / {rng.randint(1, 12)} / {rng.randint(1, 29)} ه", True, "date_bar")
    if outlet["login"] and rng.random() < 0.7:
        page.add(LOGIN, True, "login")
    page.add(headline, False, "headline")
    head = len(page.lines) - 1
    for i, paragraph in enumerate(paragraphs):
        if i == 1 and rng.random() < 0.3:
            paragraph = f"{paragraph} {outlet['stock']}"
        page.add(f"{rng.choice(CONNECT)}{paragraph}" if i else paragraph, False, "body")
        if rng.random() < 0.1:
            page.add(VIDEO, True, "video")
    if outlet["background"] and rng.random() < 0.6:
        page.add(BACKGROUND.format(n=310), False, "background")
    last = len(page.lines) - 1
    if outlet["headlines"] and rng.random() < 0.8:
        page.add(READ_ALSO, True, "read_also")
        for teaser in rng.sample(outlet["headlines"][-12:], min(3, len(outlet["headlines"]))):
            page.add(teaser, True, "teaser")
    if outlet["newsletter"]:
        page.add(outlet["newsletter"], True, "newsletter")
    slogan = f"{outlet['name']} {outlet['slogan']}"
    if outlet["glue_tail"] and rng.random() < 0.3:
        page.glue(last, slogan, before=False)
    elif rng.random() < 0.85:
        page.add(slogan, True, "slogan")
    if outlet["login"] and rng.random() < 0.2:
        page.glue(head, LOGIN, before=True)
    outlet["headlines"].append(headline)
    text, paragraphs_truth = page.finish()
    return {"text": text, "outlet": outlet["name"], "title": None, "url": None, "published_at": None,
            "truth": {"id": f"s{number:05d}", "page": "article", "event": f"e{event}", "paragraphs": paragraphs_truth}}


def _listing(rng, outlet, number) -> dict:
    page = _Page(outlet["tokenized"])
    titles = outlet["headlines"][-15:] or ["أرشيف الأخبار"]
    kind = rng.choice(["archive", "tag", "profile"])
    if kind == "profile":
        for line in ["الملف الشخصي : sham_voice", f"عدد المشاركات : {rng.randint(3, 900)}", "الرتبة : عضو مميز",
                     "تاريخ التسجيل : 2013 / 4 / 2", "إرسال رسالة خاصة", "عرض جميع مواضيع العضو"]:
            page.add(line, True, kind)
    else:
        page.add("أرشيف شهر آذار 2016" if kind == "archive" else "الوسم : حلب", True, kind)
        for title in rng.sample(titles, min(len(titles), rng.randint(5, 12))):
            page.add(f"{title} - 2016 / 3 / {rng.randint(1, 28)}" if kind == "archive" else title, True, kind)
        page.add("الصفحة التالية", True, kind)
    text, paragraphs = page.finish()
    return {"text": text, "outlet": outlet["name"], "title": None, "url": None, "published_at": None,
            "truth": {"id": f"s{number:05d}", "page": kind, "event": None, "paragraphs": paragraphs}}
