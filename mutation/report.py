"""`make mutation`'s report: per rule module, the mutants mutmut made, killed, survived,
and those listed as equivalent (``mutation/equivalent.txt``: a mutant that changes no
behaviour, with why), then the score: killed / (all - equivalent).

Reads what `mutmut run` left in ``mutants/`` (its ``.meta`` files); writes Markdown to
the standard output. Exits 1 when a module's score is below the target (90 %).
"""

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 90.0
# What mutmut's exit codes mean (its own table, mutmut.stats): the test run failed, so the
# mutant was killed (1, 3), or did not (0), or no test ran it (5, 33); timeouts count as
# killed (the tests noticed something).
KILLED, SURVIVED, NO_TESTS, TIMEOUT = {1, 3}, {0}, {5, 33}, {24, -24, 36, 152, 255}


def equivalents():
    found = {}
    path = ROOT / "mutation" / "equivalent.txt"
    for line in path.read_text().splitlines() if path.exists() else []:
        if line.strip() and not line.startswith("#"):
            name, _sep, why = line.partition(":")
            found[name.strip()] = why.strip()
    return found


def main():
    equivalent = equivalents()
    rows, survivors = [], []
    failing = False
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        module = str(meta.relative_to(ROOT / "mutants"))[: -len(".meta")]
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if not codes:
            continue
        count = Counter()
        for name, code in codes.items():
            if name in equivalent:
                count["equivalent"] += 1
            elif code in KILLED or code in TIMEOUT:
                count["killed"] += 1
            elif code is None:
                count["not checked"] += 1
            else:
                count["survived" if code in SURVIVED else "no tests"] += 1
                survivors.append((name, "survived" if code in SURVIVED else "no test ran it"))
        counted = len(codes) - count["equivalent"]
        score = 100.0 * count["killed"] / counted if counted else 100.0
        failing |= score < TARGET
        rows.append((module, len(codes), count, score))
    print("| module | mutants | killed | survived | no test | equivalent | score |")
    print("|---|---|---|---|---|---|---|")
    for module, total, count, score in rows:
        print(
            f"| `{module}` | {total} | {count['killed']} | {count['survived']} | "
            f"{count['no tests']} | {count['equivalent']} | {score:.1f} % |"
        )
    if survivors:
        print("\nNot killed:\n")
        for name, what in survivors:
            print(f"- `{name}`: {what}")
    if equivalent:
        print("\nEquivalent (change no behaviour):\n")
        for name, why in sorted(equivalent.items()):
            print(f"- `{name}`: {why}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
