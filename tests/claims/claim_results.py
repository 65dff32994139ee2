"""Results of claim tasks in the contract's layout (docs/claim-labels.md), as Label Studio sends them."""


def claim_result(verdict: str | None = "disputed", stances: dict | None = None, rationale: dict | None = None,
                 *, bare: tuple = ()) -> list[dict]:
    """`stances` {article id: stance}, `rationale` {article id: [span ids]}; `bare`: article ids whose
    parent choice Label Studio adds to the rationale (every sentence ticked)."""
    items = []
    if verdict is not None:
        items.append({"id": "v1", "from_name": "verdict", "to_name": "claim_text", "type": "choices",
                      "value": {"choices": [verdict]}})
    if stances:
        items.append({"id": "s1", "from_name": "stances", "to_name": "claim_text", "type": "choices",
                      "value": {"choices": [[f"article:{a}", s] for a, s in stances.items()]}})
    if rationale or bare:
        choices = [[f"article:{a}"] for a in bare]
        choices += [[f"article:{a}", f"span:{s}"] for a, spans in (rationale or {}).items() for s in spans]
        items.append({"id": "r1", "from_name": "rationale", "to_name": "claim_text", "type": "choices",
                      "value": {"choices": choices}})
    return items


def item(name: str, choices, **extra) -> dict:
    """One result item of control `name` (for results that break the layout)."""
    return {"id": f"x-{name}", "from_name": name, "to_name": "claim_text", "type": "choices",
            "value": {"choices": choices}, **extra}
