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
