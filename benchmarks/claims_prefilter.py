"""Should a cheap rule skip the claim model for sentences that cannot carry a claim?

    python benchmarks/claims_prefilter.py --data ../shared/data/claimbuster/crowdsourced.csv \\
        [--ptc ../shared/data/ptc] [--articles 60] [--json out.json]

Candidates: a sentence with fewer than K words (K = 3 to 6), a question, or either. A skipped
sentence scores 0. The rule, fixed before measuring: a candidate may ship only if claim F1 at
the model card's threshold stays within 0.02 of the unfiltered F1 measured in the same run on
the held-out validation debates AND on the dev debates, and it skips at least 10 % of the
sentences of the PTC news articles (less does not pay for a second rule in front of the
model). Of the candidates that pass, the one that skips most is chosen; if none passes,
every sentence keeps going to the model. Also printed: how many PTC sentences that the model
would show as claims each candidate drops.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from spinscope.claims.metrics import binary_scores
from spinscope.claims.scorer import load_claim_scorer
from spinscope.segment.sentences import split_sentences
from spinscope.train.claims_data import load_claim_splits

F1_TOLERANCE = 0.02
MIN_SKIPPED = 0.10
_WORD = re.compile(r"\w+")

Rule = Callable[[str], bool]
"""True: skip the sentence (it scores 0)."""


def candidates() -> dict[str, Rule]:
    def short(k: int) -> Rule:
        return lambda text: len(_WORD.findall(text)) < k

    def question(text: str) -> bool:
        return text.rstrip("\"'”’)] ").endswith("?")

    rules: dict[str, Rule] = {f"fewer than {k} words": short(k) for k in range(3, 7)}
    rules["question"] = question
    rules["question or fewer than 4 words"] = lambda t: question(t) or short(4)(t)
    return rules


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--data", type=Path, default=os.environ.get("SPINSCOPE_CLAIMBUSTER"))
    parser.add_argument("--ptc", type=Path, default=Path("../shared/data/ptc"))
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if args.data is None:
        parser.error("give --data PATH/crowdsourced.csv or set SPINSCOPE_CLAIMBUSTER")
    from spinscope.ptc.corpus import iter_articles

    scorer = load_claim_scorer()
    splits = load_claim_splits(args.data)
    debates = {"validation": splits.validation, "dev": splits.dev}
    scored = {name: scorer.score([e.text for e in examples]) for name, examples in debates.items()}
    articles = [a.text for a in iter_articles(args.ptc / "train-articles")][: args.articles]
    news = [s.text for text in articles for s in split_sentences(text)]
    news_claims = scorer.score(news) >= scorer.threshold

    def f1(name: str, skip: Rule | None) -> float:
        examples, scores = debates[name], scored[name].copy()
        if skip is not None:
            scores[[i for i, e in enumerate(examples) if skip(e.text)]] = 0.0
        return binary_scores([e.label for e in examples], scores >= scorer.threshold).f1

    base = {name: f1(name, None) for name in debates}
    report: dict[str, object] = {
        "threshold": scorer.threshold,
        "f1_unfiltered": {k: round(v, 4) for k, v in base.items()},
        "news_sentences": len(news),
    }
    rows = []
    for label, rule in candidates().items():
        skipped = np.array([rule(t) for t in news])
        f1s = {name: f1(name, rule) for name in debates}
        passes = bool(
            all(base[n] - f1s[n] <= F1_TOLERANCE for n in debates) and skipped.mean() >= MIN_SKIPPED
        )
        rows.append(
            {
                "rule": label,
                **{f"f1_{n}": round(v, 4) for n, v in f1s.items()},
                "news_skipped_share": round(float(skipped.mean()), 4),
                "news_claims_dropped": int((skipped & news_claims).sum()),
                "passes": passes,
            }
        )
    report["candidates"] = rows
    passing = [r for r in rows if r["passes"]]
    report["chosen"] = max(passing, key=lambda r: r["news_skipped_share"])["rule"] if passing else None
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
