"""The verifier stays small on a natural shape: a follow-up question per chosen product."""

from __future__ import annotations

from incident_comms.policy.load import read_policy
from incident_comms.verify.analysis import Analysis


def follow_up_policy(products: int) -> str:
    lines = [
        "questions:",
        "  - {id: products, prompt: Which?, kind: multiple, choices: [" + ", ".join(f"p{i}" for i in range(products)) + "]}",
    ]
    lines += [
        f"  - {{id: down_{i}, prompt: 'Down?', kind: yes_no, ask_when: {{products: {{includes: p{i}}}}}}}"
        for i in range(products)
    ]
    lines += ["fields:", "  send: {type: bool, required: true}", "rules:"]
    lines += [f"  - {{id: r{i}, when: {{down_{i}: true}}, then: {{send: true}}, because: x}}" for i in range(products)]
    lines += ["  - {id: otherwise, then: {send: false}, because: x}"]
    return "\n".join(lines) + "\n"


def test_forty_products_with_a_follow_up_each_fit_a_small_node_budget(write_policy) -> None:
    policy, problems = read_policy(write_policy({"p.yaml": follow_up_policy(40)}))
    assert policy is not None and problems == []
    analysis = Analysis(policy, max_nodes=20_000, seconds=60)
    assert list(analysis.gaps()) == [] and list(analysis.dead_rules()) == [] and list(analysis.never_asked()) == []


def late_follow_ups_policy(causes: int) -> str:
    """Every cause is asked first; its follow-up only after all the other causes."""
    lines = ["questions:"]
    lines += [f"  - {{id: cause_{i}, prompt: 'Cause?', kind: yes_no}}" for i in range(causes)]
    lines += [f"  - {{id: more_{i}, prompt: 'More?', kind: yes_no, ask_when: {{cause_{i}: true}}}}" for i in range(causes)]
    lines += ["fields:", "  send: {type: bool, required: true}", "rules:"]
    lines += [f"  - {{id: r{i}, when: {{more_{i}: true}}, then: {{send: true}}, because: x}}" for i in range(causes)]
    lines += ["  - {id: otherwise, then: {send: false}, because: x}"]
    return "\n".join(lines) + "\n"


def test_follow_ups_asked_long_after_their_cause_keep_the_valid_space_small(write_policy) -> None:
    # In strict asking order every cause is carried to its follow-up: 2**30 paths.
    policy, problems = read_policy(write_policy({"p.yaml": late_follow_ups_policy(30)}))
    assert policy is not None and problems == []
    analysis = Analysis(policy, max_nodes=2_000, seconds=60, engine="diagram")
    assert list(analysis.never_asked()) == [] and list(analysis.dead_rules()) == []
    assert analysis.regions.diagram.size < 2_000
