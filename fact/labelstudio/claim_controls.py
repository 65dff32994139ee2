"""The names the claims project's results come back under (the contract of docs/claim-labels.md and
docs/claim-tasks.md): three task-level Choices on the claim's Text, no regions.

Names only, so that the parse and apply path (fact.services.annotations.claim_parse) and the labels
imported from elsewhere (fact.services.claims.labels) do not depend on the labeling config itself.
"""
TEXT = "claim_text"  # the Text object that shows the claim: every control points at it
VERDICT = "verdict"  # Choices: one of fact.models.Label (optional in a result)
STANCES = "stances"  # Choices, nested: [["article:12", "agree"], ...], one stance per article
RATIONALE = "rationale"  # Choices, nested: [["article:12", "span:196"], ...], the sentences that carry it

CONTROLS = (VERDICT, STANCES, RATIONALE)
CONTROL_TYPE = "choices"  # of every control
