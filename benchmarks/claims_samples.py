"""List the top check-worthy claims of some articles, with who / where / when.

    python benchmarks/claims_samples.py [FILE ...] [--top 5] [--published YYYY-MM-DD]

Without FILE it reads the sample article bundled with spinscope. Uses the claim model and
the enrichment step only (no technique model), so it runs wherever the claim model is installed.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from spinscope.analysis import Analysis, ModelInfo
from spinscope.claims.enrich import ClaimEnricher
from spinscope.cli.analyze_cmd import SAMPLE_NAME, sample_text
from spinscope.ingest.text import read_text_file


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--published", default=None, help="publication date for relative dates")
    args = parser.parse_args()

    sources = [(str(p), read_text_file(p)) for p in args.files] or [(f"sample:{SAMPLE_NAME}", sample_text())]
    enricher = ClaimEnricher.load()
    if enricher.scorer is None:
        parser.error("no claim model is installed")
    blank = [Analysis(text=t, spans=(), model=ModelInfo("none", "0"), min_score=0.5) for _, t in sources]
    started = time.perf_counter()
    results = enricher.enrich_many(blank, args.published)
    seconds = time.perf_counter() - started
    print(f"claim threshold {enricher.scorer.threshold}; {len(sources)} text(s) in {seconds:.1f} s")
    for (name, text), result in zip(sources, results, strict=True):
        print(f"\n== {name}: {len(result.claims)} claims")
        for claim in sorted(result.claims, key=lambda c: -c.score)[: args.top]:
            assert text[claim.start : claim.end] == claim.text
            quoted = " (quoted)" if claim.quoted else ""
            print(f"{claim.score:.3f} [{claim.start}-{claim.end}]{quoted} {' '.join(claim.text.split())}")
            for e in claim.entities:
                print(f"      {e.label}: {e.text}")
            for d in claim.dates:
                print(f"      date: {d.text!r} -> {d.value}")


if __name__ == "__main__":
    main()
