"""The entity tagger under different spaCy releases, side by side in one run.

    python benchmarks/spacy_versions.py --python /tmp/env-a/bin/python --python /tmp/env-b/bin/python \
        [--data ../shared/data/ptc] [--articles 37] [--rounds 3] [--json OUT]

Each ``--python`` is an interpreter of an environment with spinscope installed (for instance a
plain ``pip install .``, then ``pip install --no-deps spacy==3.8.18`` in one of them). In turn,
round after round, each one loads the entity tagger (``spinscope.claims.entities.EntityTagger``)
and tags the claim sentences of the same 1,000-word articles (``speed.thousand_word_texts``),
one article per call as ``analyze`` does, then runs the whole ``analyze`` (default pipeline) on
each article. Printed per environment: spaCy's and thinc's versions, the median milliseconds per
article over all rounds of both, their ratios to the first environment, and a digest of every
mention found, so that a faster release is seen to find the same entities.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
from pathlib import Path
from typing import Any

from speed import thousand_word_texts
from stages import per_call_ms


def child(data: Path, articles: int) -> None:
    """Run inside one environment: time the tagger, print one JSON line."""
    import spacy
    import thinc

    from spinscope.analyzer import Analyzer

    analyzer = Analyzer.load()
    enricher = analyzer.claims
    assert enricher is not None and enricher.scorer is not None, "the claim model is not installed"
    texts = thousand_word_texts(data, articles)
    sentences = [[s.text for _, s, _ in enricher._claim_sentences([(0, text)])] for text in texts]
    found = [enricher.tagger.tag(batch) for batch in sentences]  # also warms the tagger
    tagging = per_call_ms(sentences, enricher.tagger.tag)
    analyzer.analyze(texts[0])
    whole = per_call_ms(texts, analyzer.analyze)
    mentions = [[(m.start, m.end, m.label) for m in ms] for article in found for ms in article]
    print(
        json.dumps(
            {
                "spacy": spacy.__version__,
                "thinc": thinc.__version__,
                "tagging_ms": tagging,
                "analyze_ms": whole,
                "mentions": sum(len(ms) for ms in mentions),
                "digest": hashlib.sha256(json.dumps(mentions).encode()).hexdigest()[:16],
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--python", action="append", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc"))
    parser.add_argument("--articles", type=int, default=37)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.data, args.articles)
        return

    runs: dict[str, list[dict[str, Any]]] = {str(p): [] for p in args.python}
    for _ in range(args.rounds):
        for python in args.python:
            command = [str(python), __file__, "--child", "--python", str(python)]
            command += ["--data", str(args.data.resolve()), "--articles", str(args.articles)]
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            runs[str(python)].append(json.loads(out.strip().splitlines()[-1]))
    rows: list[dict[str, Any]] = []
    for python, results in runs.items():
        first = results[0]
        rows.append(
            {
                "python": python,
                "spacy": first["spacy"],
                "thinc": first["thinc"],
                "tagging_ms_p50": _median(results, "tagging_ms"),
                "analyze_ms_p50": _median(results, "analyze_ms"),
                "mentions": first["mentions"],
                "digest": first["digest"],
            }
        )
    for row in rows:
        for key in ("tagging_ms_p50", "analyze_ms_p50"):
            row[key.replace("_ms_p50", "_ratio_to_first")] = round(row[key] / rows[0][key], 2)
    result = {"articles": args.articles, "rounds": args.rounds, "environments": rows}
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def _median(results: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(t for r in results for t in r[key]), 1)


if __name__ == "__main__":
    main()
