"""Peak memory and time for one very long text (default 5 MB), analysed in a fresh process.

    python benchmarks/long_text.py [--megabytes 5]

The text is the bundled sample article repeated until it reaches the size asked for.
"""

from __future__ import annotations

import argparse
import json
import resource
import time


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--no-claims", action="store_true", help="techniques only")
    args = parser.parse_args()

    import spinscope
    from spinscope.cli.analyze_cmd import sample_text

    unit = sample_text() + "\n\n"
    target = int(args.megabytes * 1_000_000)
    text = unit * (target // len(unit.encode("utf-8")) + 1)
    analyzer = spinscope.load(None, args.threads, claims=not args.no_claims)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    result = analyzer.analyze(text)
    seconds = time.perf_counter() - start
    assert all(text[s.start : s.end] == s.text for s in result.spans)
    print(
        json.dumps(
            {
                "text_megabytes": round(len(text.encode("utf-8")) / 1e6, 2),
                "claims": not args.no_claims,
                "characters": len(text),
                "spans": len(result.spans),
                "seconds": round(seconds, 1),
                "peak_rss_mb_after_load": round(rss_before, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
