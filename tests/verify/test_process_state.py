"""The verifier is a library: it imports no lint code and leaves process-wide state alone."""

from __future__ import annotations

import gc
import subprocess
import sys

from incident_comms.verify import Analysis


def test_the_verifier_does_not_import_lint() -> None:
    script = "import sys, incident_comms.verify.analysis, incident_comms.verify.sat; print(sorted(sys.modules))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "incident_comms.lint" not in done.stdout


def test_an_analysis_leaves_the_recursion_limit_and_the_collector_as_they_were(default_policy) -> None:
    limit, enabled, threshold = sys.getrecursionlimit(), gc.isenabled(), gc.get_threshold()
    for engine in ("diagram", "sat"):
        analysis = Analysis(default_policy, engine=engine)
        for query in (analysis.never_asked, analysis.gaps, analysis.dead_rules, analysis.broken_invariants):
            list(query())
    assert (sys.getrecursionlimit(), gc.isenabled(), gc.get_threshold()) == (limit, enabled, threshold)
