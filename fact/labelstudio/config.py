"""The labeling interface of our Label Studio project, and the names its results come back under.

One task is one sentence (the `text` the annotator highlights in), shown right-to-left with its
article's outlet, title and date and the text around it. Each highlighted claim gets its own
verdict and its own sources: passages or articles offered in the task (`$sources`), or URLs typed in,
each cited as supporting or refuting the claim.
"""
import re

from fact.models import Label

MODEL_VERSION = "fact-matcher-1"  # the model version of our predictions; the project pre-fills with it
WEBHOOK_HEADER = "X-Fact-Webhook-Secret"  # Label Studio signs nothing: our secret travels in this header

CLAIM = "claim"  # Labels: the highlighted claim region
CLAIM_LABEL = "Claim"
VERDICT = "verdict"  # Choices, per region: one of Label
SUPPORTS = "supports"  # Choices, per region, from $sources: cited as supporting
REFUTES = "refutes"  # Choices, per region, from $sources: cited as refuting
URLS_SUPPORT = "urls_supporting"  # TextArea, per region: URLs that support, one per line
URLS_REFUTE = "urls_refuting"  # TextArea, per region: URLs that refute
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


CHOICE_CONTROLS = {VERDICT, SUPPORTS, REFUTES}
TEXTAREA_CONTROLS = {URLS_SUPPORT, URLS_REFUTE}
CONTROL_TYPES = {CLAIM: "labels", **{c: "choices" for c in CHOICE_CONTROLS}, **{t: "textarea" for t in TEXTAREA_CONTROLS}}

_VERDICT_CHOICES = "\n".join(f'      <Choice value="{label.value}"/>' for label in Label)

LABEL_CONFIG = f"""<View>
  <Style>
    .rtl {{ direction: rtl; text-align: right; unicode-bidi: plaintext; }}
    .context {{ color: #666; font-size: 90%; }}
    .claim-text {{ background: #fffbe6; border-right: 4px solid #f5a623; padding: 6px 10px; margin: 6px 0; }}
    .sources {{ max-height: 320px; overflow-y: auto; }}
  </Style>
  <Header value="$header" size="5"/>
  <View className="context"><Text name="also_published" value="$also_published"/></View>
  <View className="rtl context"><Text name="context_before" value="$context_before"/></View>
  <View className="rtl claim-text">
    <Labels name="{CLAIM}" toName="{TEXT}">
      <Label value="{CLAIM_LABEL}" background="#f5a623"/>
    </Labels>
    <Text name="{TEXT}" value="$text" granularity="word"/>
  </View>
  <View className="rtl context"><Text name="context_after" value="$context_after"/></View>
  <View visibleWhen="region-selected">
    <Header value="Verdict on the selected claim" size="6"/>
    <Choices name="{VERDICT}" toName="{TEXT}" perRegion="true" required="true" choice="single-radio">
{_VERDICT_CHOICES}
    </Choices>
    <Header value="Sources that support it" size="6"/>
    <View className="rtl sources">
      <Choices name="{SUPPORTS}" toName="{TEXT}" perRegion="true" choice="multiple" value="$sources"/>
    </View>
    <TextArea name="{URLS_SUPPORT}" toName="{TEXT}" perRegion="true" placeholder="URLs that support it, one per line"/>
    <Header value="Sources that refute it" size="6"/>
    <View className="rtl sources">
      <Choices name="{REFUTES}" toName="{TEXT}" perRegion="true" choice="multiple" value="$sources"/>
    </View>
    <TextArea name="{URLS_REFUTE}" toName="{TEXT}" perRegion="true" placeholder="URLs that refute it, one per line"/>
  </View>
</View>
"""
