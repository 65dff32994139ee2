"""The labeling interface of the claims project: one task is one claim (from outside), judged against
the articles its evidence search found (fact.models.ClaimEvidence), each with its best passages.

The annotator reads the claim (who made it, when, where it appeared), gives each article a stance
towards it, ticks the sentences of the article that carry that stance, and gives the claim its
verdict. The result's layout, as docs/claim-tasks.md gives it:
three task-level Choices on the claim's Text, no regions. As in the span project (config.py) every
word comes from the task (`$form.*`, fact.services.tasks.claim_wording), so that one config serves
Arabic and English claims, and the form turns right-to-left from a marker in the task.
"""
from fact.labelstudio.claim_controls import RATIONALE, STANCES, TEXT as CLAIM_TEXT, VERDICT
from fact.labelstudio.config import FORM, form_style

# Besides form_style: a larger claim, the articles' lists scroll, an article's stances in a row.
CLAIM_LABEL_CONFIG = f"""<View>
  <Style>
{form_style("fact-claim")}
    .fact-claim .claim-text {{ font-size: 17px; }}
    .fact-claim .articles {{ max-height: 460px; overflow-y: auto; }}
    .fact-claim .stances .lsf-choice__children {{ display: flex; flex-wrap: wrap; gap: 4px 18px;
      padding-inline-start: 18px; margin-bottom: 10px; }}
    .fact-claim .rationale .lsf-choice__children {{ padding-inline-start: 18px; margin-bottom: 10px; }}
  </Style>
  <View className="fact-claim">
    <HyperText name="direction" value="${FORM}.direction" inline="true"/>
    <View className="fact-instruction"><Header value="${FORM}.words.instruction" size="6"/></View>
    <Header value="${FORM}.words.claim" size="6"/>
    <View className="claim-text"><Text name="{CLAIM_TEXT}" value="$claim"/></View>
    <View className="context"><Text name="about" value="$about"/></View>
    <View className="context"><Text name="appeared" value="$appeared"/></View>
    <Header value="${FORM}.words.stances" size="6"/>
    <View className="articles stances">
      <Choices name="{STANCES}" toName="{CLAIM_TEXT}" choice="multiple" allowNested="true" value="${FORM}.articles"/>
    </View>
    <Header value="${FORM}.words.rationale" size="6"/>
    <View className="articles rationale">
      <Choices name="{RATIONALE}" toName="{CLAIM_TEXT}" choice="multiple" allowNested="true" value="${FORM}.passages"/>
    </View>
    <Header value="${FORM}.words.verdict" size="6"/>
    <Choices name="{VERDICT}" toName="{CLAIM_TEXT}" required="true" choice="single-radio" layout="inline"
             value="${FORM}.verdicts"/>
  </View>
</View>
"""
