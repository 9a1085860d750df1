"""How long reading a policy folder takes (``read_policy``), as ratios measured in one run.

Run:  python bench/read_policy.py [--runs N] [FOLDER ...]   (with the interpreter comms is installed in)

Without folders: the default policy (``rules/``, block YAML) and the 20,000-rule x
40-question policy of ``bench/lint_scale.py`` (9 MB, written as indented JSON, which is
YAML too), generated into a temporary folder. Each figure is the best of N runs in this
process, with the collector set as the command line sets it; the first run is also shown
(a command reads its policy once, cold). Every command pays this before it does anything
else; `comms lint` of the big policy has 3 s in all (issue 14).

The ratios are to the parser alone on the same files in the same run, the floor of any
reader built on it: libyaml's event stream (what the YAML reader consumes) and
``json.loads``. For a folder of JSON files, the "YAML reader" line reads it again with the
JSON reader switched off, every file through libyaml's events.

A file read as JSON has no locations until one is asked for; the "first places" lines
ask, in the generated policy's largest file, for 43 rules' places (what `comms lint` of the
generated policy reports there: dead rules) and then for a condition inside each of
them, on a fresh reading each run, against reading the file again with the YAML reader
for them (what comms did before: ``yamlsafe._Source._read_marks``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from incident_comms import yamlsafe
from incident_comms.policy.load import policy_files, read_policy
from incident_comms.runtime import settle_for_the_command_line


def best(runs: int, work: Callable[[], object]) -> float:
    """The fastest of `runs` runs, in seconds."""
    fastest = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


def parse_only(texts: list[str]) -> Callable[[], object]:
    """What the parsers alone take: libyaml's events for YAML, json.loads for JSON texts."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def run() -> None:
        for text in texts:
            if text.lstrip()[:1] in ("{", "["):
                json.loads(text)
                continue
            parser = loader(text)
            try:
                for _ in iter(parser.get_event, None):
                    pass
            finally:
                parser.dispose()

    return run


def yaml_reader_only(root: Path) -> Callable[[], object]:
    def run() -> object:
        original = yamlsafe._json_tree
        yamlsafe._json_tree = lambda text, name: yamlsafe._NOT_JSON  # type: ignore[assignment]
        try:
            return read_policy(root)
        finally:
            yamlsafe._json_tree = original  # type: ignore[assignment]

    return run


def first_places(root: Path, runs: int) -> None:
    """How long the first locations in the largest (JSON) file take: found in its text, or by the YAML reader."""
    path = max(policy_files(root), key=lambda path: path.stat().st_size)
    text = path.read_text(encoding="utf-8")

    def ask(deep: bool, reread: bool) -> tuple[list[tuple[int, int]], float]:
        rules = yamlsafe.loads(text, str(path))["rules"]
        picked = range(0, len(rules), max(1, len(rules) // 43))[:43]
        places = [rules[i]["when"][0].loc if deep else rules.loc_of(i) for i in picked]
        started = time.perf_counter()
        if reread:
            rules._source._read_marks()
        return [(loc.line, loc.column) for loc in places], time.perf_counter() - started

    for deep, what in ((False, "43 rules"), (True, "a condition of each")):
        scan = reread = float("inf")
        for _ in range(runs):  # alternately: the machine's load touches both alike
            found, seconds = ask(deep, reread=False)
            scan = min(scan, seconds)
            expected, seconds = ask(deep, reread=True)
            reread = min(reread, seconds)
            assert found == expected, "the places found in the text are not the YAML reader's"
        print(f"  first places    {scan * 1e3:8.1f} ms  {what} in {path.name} ({len(text) / 1e3:.0f} kB); "
              f"reading it again as YAML {reread * 1e3:.1f} ms ({reread / scan:.1f}x)")


def report(root: Path, runs: int, label: str) -> None:
    texts = [path.read_text(encoding="utf-8") for path in policy_files(root)]
    size = sum(len(text.encode("utf-8")) for text in texts)
    started = time.perf_counter()
    read_policy(root)
    first = time.perf_counter() - started
    reading = min(first, best(runs - 1, lambda: read_policy(root)))
    floor = best(runs, parse_only(texts))
    print(f"{label}: {len(texts)} files, {size / 1e6:.2f} MB")
    print(f"  read_policy     {reading * 1e3:8.1f} ms  {reading / floor:5.2f}x the parser alone "
          f"({floor * 1e3:.1f} ms); first run {first * 1e3:.1f} ms")
    if any(yamlsafe._json_tree(text, "") is not yamlsafe._NOT_JSON for text in texts):
        yaml_only = best(runs, yaml_reader_only(root))
        print(f"  YAML reader     {yaml_only * 1e3:8.1f} ms  {yaml_only / floor:5.2f}x  "
              f"(read_policy takes {reading / yaml_only:.2f}x of its time)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (the generated policy: a third, at least 1)")
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args()
    settle_for_the_command_line()
    if args.folders:
        for folder in args.folders:
            report(folder, args.runs, str(folder))
        return
    report(REPO / "rules", args.runs, "default policy (rules/)")
    import lint_scale

    with tempfile.TemporaryDirectory(prefix="comms-read-") as folder:
        lint_scale.Generator(20_000, 40, 1).write(Path(folder))
        report(Path(folder), max(1, args.runs // 3), "generated 20000x40 (JSON)")
        first_places(Path(folder), args.runs)


if __name__ == "__main__":
    main()
