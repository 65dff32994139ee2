"""The labeling interface of the claims project: one task is one claim (from outside), judged against
the articles its evidence search found (fact.models.ClaimEvidence), each with its best passages.

The annotator reads the claim (who made it, when, where it appeared), gives each article a stance
towards it, ticks the sentences of the article that carry that stance, and gives the claim its
verdict. The result's layout is the contract of /work/notes/claim_task_layout.md (docs/claim-tasks.md):
three task-level Choices on the claim's Text, no regions. As in the span project (config.py) every
word comes from the task (`$form.*`, fact.services.tasks.claim_wording), so that one config serves
Arabic and English claims, and the form turns right-to-left from a marker in the task.
"""
from fact.labelstudio.claim_controls import RATIONALE, STANCES, TEXT as CLAIM_TEXT, VERDICT
from fact.labelstudio.config import FORM

# Hidden as in the span project: hotkey hints, the collapse toggle, and the checkbox of an article
# (ticking it would tick all its stances, or all its sentences): what is ticked is under it.
CLAIM_LABEL_CONFIG = f"""<View>
  <Style>
    .fact-claim {{ unicode-bidi: plaintext; text-align: start; }}
    .fact-claim:has(.fact-rtl) {{ direction: rtl; }}
    .fact-claim .fact-instruction {{ background: #eef4ff; border-inline-start: 4px solid #3b6fd8; padding: 6px 10px;
      margin: 4px 0 8px; font-size: 15px; }}
    .fact-claim .claim-text {{ background: #fffbe6; border-inline-start: 4px solid #f5a623; padding: 6px 10px;
      margin: 6px 0; font-size: 17px; }}
    .fact-claim .context {{ color: #555; font-size: 90%; }}
    .fact-claim .articles {{ max-height: 460px; overflow-y: auto; }}
    .lsf-label__hotkey, .fact-claim .lsf-hint, .fact-claim .lsf-choice__toggle,
    .fact-claim .lsf-choice__checkbox_notLeaf .ant-checkbox {{ display: none !important; }}
    .fact-claim .lsf-choice__checkbox_notLeaf {{ pointer-events: none; font-weight: normal; }}
    .fact-claim .lsf-choice {{ margin: 2px 0; }}
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
