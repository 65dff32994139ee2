"""The labeling interface of our Label Studio project, and the names its results come back under.

One task is one sentence (the `text` the annotator highlights in), shown with its article's outlet
and date and the text around it, in the direction of its language. The annotator highlights one
claim in it; the claim's verdict and its sources are in view all the time (Label Studio shows
per-region controls only while a region is selected, and selects none after a highlight or on a
pre-annotated task, docs/task-ui.md), so they are task-level controls that belong to the one claim.
Each source is listed once, with "supports" and "refutes" nested under it; URLs can be typed in.

All the words come from the task (`$form.*`, fact/services/tasks/wording.py): one config serves
Arabic and English tasks. Results of the older per-region config still parse
(fact/services/annotations/parse.py); its source controls stay, hidden, because Label Studio refuses
a config that drops a control its annotations used.
"""
import re

from fact.models import Label

MODEL_VERSION = "fact-matcher-1"  # the model version of our predictions; the project pre-fills with it
WEBHOOK_HEADER = "X-Fact-Webhook-Secret"  # Label Studio signs nothing: our secret travels in this header

CLAIM = "claim"  # Labels: the highlighted claim region
CLAIM_LABEL = "Claim"
VERDICT = "verdict"  # Choices, of the claim (per region in the older config): one of Label
SOURCES = "sources"  # Choices, nested, of the claim: [source choice, stance] pairs
SUPPORTS = "supports"  # Choices, per region, of the older config: sources cited as supporting
REFUTES = "refutes"  # Choices, per region, of the older config: sources cited as refuting
URLS_SUPPORT = "urls_supporting"  # TextArea, of the claim (per region in the older config): URLs that support
URLS_REFUTE = "urls_refuting"  # TextArea, of the claim: URLs that refute
FORM = "form"  # the task data key that holds what the form shows: words, verdicts, sources
TEXT = "text"  # the Text object the regions are in

# A source offered in a task is the choice "span:<id>" (a passage) or "article:<id>" (a whole article).
PASSAGE, ARTICLE = "span", "article"
_SOURCE_CHOICE = re.compile(r"^(span|article):([1-9][0-9]{0,9})$")  # ids fit INTEGER (checked against the task)


def source_choice(kind: str, source_id: int) -> str:
    """The choice value of a passage (kind PASSAGE, a span id) or an article (ARTICLE) offered as a source."""
    return f"{kind}:{source_id}"


def parse_source_choice(value: str) -> tuple[str, int] | None:
    """(kind, id) of a source choice value, or None if it is not one."""
    match = _SOURCE_CHOICE.match(value)
    return (match.group(1), int(match.group(2))) if match else None


CHOICE_CONTROLS = {VERDICT, SOURCES, SUPPORTS, REFUTES}
TEXTAREA_CONTROLS = {URLS_SUPPORT, URLS_REFUTE}
CONTROL_TYPES = {CLAIM: "labels", **{c: "choices" for c in CHOICE_CONTROLS}, **{t: "textarea" for t in TEXTAREA_CONTROLS}}

def form_style(box: str) -> str:
    """The CSS rules both projects' forms share (this one's and claim_config's), for the class of the
    form's box: the direction, which a marker from the task (`<span class="fact-rtl">`) turns
    right-to-left; the instruction and the claim's box; and, hidden, Label Studio's hotkey hints, the
    collapse toggle and the checkbox of a nested choice's parent (what is ticked is under it)."""
    return f"""    .{box} {{ unicode-bidi: plaintext; text-align: start; }}
    .{box}:has(.fact-rtl) {{ direction: rtl; }}
    .{box} .fact-instruction {{ background: #eef4ff; border-inline-start: 4px solid #3b6fd8; padding: 6px 10px;
      margin: 4px 0 8px; font-size: 15px; }}
    .{box} .context {{ color: #555; font-size: 90%; }}
    .{box} .claim-text {{ background: #fffbe6; border-inline-start: 4px solid #f5a623; padding: 6px 10px; margin: 6px 0; }}
    .lsf-label__hotkey, .{box} .lsf-hint, .{box} .lsf-choice__toggle,
    .{box} .lsf-choice__checkbox_notLeaf .ant-checkbox {{ display: none !important; }}
    .{box} .lsf-choice__checkbox_notLeaf {{ pointer-events: none; font-weight: normal; }}
    .{box} .lsf-choice {{ margin: 2px 0; }}"""


# Besides form_style: the sources' list scrolls; hidden, the label's name in the region list and the
# region's panel (they show `$form.words.claim` unresolved; the claim's words say more). The region
# list shows the claim from its first word.
LABEL_CONFIG = f"""<View>
  <Style>
{form_style("fact-task")}
    .fact-task .sources {{ max-height: 420px; overflow-y: auto; }}
    .lsf-outliner-item__title .lsf-labels-list, .lsf-detailed-region .lsf-labels-list {{ display: none !important; }}
    .fact-task .lsf-choice__children {{ display: flex; gap: 18px; padding-inline-start: 18px; margin-bottom: 8px; }}
    .lsf-outliner-item__text {{ unicode-bidi: plaintext; text-align: start; white-space: normal; text-overflow: clip;
      display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }}
    .fact-legacy {{ display: none; }}
  </Style>
  <View className="fact-task">
    <HyperText name="direction" value="${FORM}.direction" inline="true"/>
    <View className="fact-instruction"><Header value="${FORM}.words.instruction" size="6"/></View>
    <Header value="$header" size="5"/>
    <View className="context"><Text name="also_published" value="$also_published"/></View>
    <View className="context"><Text name="context_before" value="$context_before"/></View>
    <View className="claim-text">
      <Labels name="{CLAIM}" toName="{TEXT}" maxUsages="1">
        <Label value="${FORM}.words.claim" alias="{CLAIM_LABEL}" background="#f5a623"/>
      </Labels>
      <Text name="{TEXT}" value="$text" granularity="word"/>
    </View>
    <View className="context"><Text name="context_after" value="$context_after"/></View>
    <Header value="${FORM}.words.verdict" size="6"/>
    <Choices name="{VERDICT}" toName="{TEXT}" required="true" choice="single-radio" layout="inline" value="${FORM}.verdicts"/>
    <Header value="${FORM}.words.sources" size="6"/>
    <View className="sources">
      <Choices name="{SOURCES}" toName="{TEXT}" choice="multiple" allowNested="true" value="${FORM}.sources"/>
    </View>
    <Header value="${FORM}.words.urls_supporting" size="6"/>
    <TextArea name="{URLS_SUPPORT}" toName="{TEXT}" placeholder="https://…"/>
    <Header value="${FORM}.words.urls_refuting" size="6"/>
    <TextArea name="{URLS_REFUTE}" toName="{TEXT}" placeholder="https://…"/>
  </View>
  <View className="fact-legacy">
    <Choices name="{SUPPORTS}" toName="{TEXT}" perRegion="true" choice="multiple" value="${FORM}.cited"/>
    <Choices name="{REFUTES}" toName="{TEXT}" perRegion="true" choice="multiple" value="${FORM}.cited"/>
  </View>
</View>
"""
