"""When does each stage of one ``analyze`` call run, and on which thread?

    python benchmarks/call_timeline.py [--data ../shared/data/ptc] [--articles 21] [--show 2]

Times ``analyze`` (the default pipeline) on 1,000-word articles (``speed.thousand_word_texts``)
after one warm-up call, recording for each call when these start and end, in ms from the
call's start: the claim step's ``begin`` and its sentence scoring, the technique step, the
technique model's tokenisation, each technique window (and the lane thread that ran it), and
the entity tagging (on its own thread). Prints the ``--show`` calls nearest the median whole-call
time: where a core sits idle, or a stage waits, shows as a gap between the rows.
"""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from speed import thousand_word_texts

from spinscope.analyzer import Analyzer
from spinscope.claims.enrich import ClaimEnricher
from spinscope.claims.entities import EntityTagger
from spinscope.model.tokenize import SubwordTokenizer

Event = tuple[str, str, float, float]


def timed(label: str, call: Callable[..., Any], log: list[Event]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            log.append((label, threading.current_thread().name, start, time.perf_counter()))

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc"))
    parser.add_argument("--articles", type=int, default=21)
    parser.add_argument("--show", type=int, default=2)
    args = parser.parse_args()

    texts = thousand_word_texts(args.data, args.articles)
    analyzer = Analyzer.load()
    analyzer.analyze(texts[0])
    log: list[Event] = []
    # instrumented on the classes (their instances keep no per-instance attributes for it)
    EntityTagger.tag = timed("entity tagging", EntityTagger.tag, log)  # type: ignore[method-assign]
    ClaimEnricher.begin = timed("claims: begin", ClaimEnricher.begin, log)  # type: ignore[method-assign]
    ClaimEnricher._claim_sentences = timed(  # type: ignore[method-assign]
        "claims: scoring", ClaimEnricher._claim_sentences, log
    )
    Analyzer._techniques = timed("techniques", Analyzer._techniques, log)  # type: ignore[method-assign]
    SubwordTokenizer.tokenize = timed("tokenise", SubwordTokenizer.tokenize, log)  # type: ignore[method-assign]
    analyzer.model = replace(analyzer.model, runner=timed("window", analyzer.model.runner, log))

    calls: list[tuple[float, list[Event]]] = []
    for text in texts[1:]:
        log.clear()
        start = time.perf_counter()
        analyzer.analyze(text)
        calls.append((time.perf_counter() - start, [(n, t, a - start, b - start) for n, t, a, b in log]))
    calls.sort(key=lambda c: c[0])
    middle = len(calls) // 2
    for total, events in calls[max(0, middle - args.show // 2) : middle - args.show // 2 + args.show]:
        print(f"whole call {1000 * total:.1f} ms")
        for name, thread, a, b in sorted(events, key=lambda e: e[2]):
            print(f"  {1000 * a:7.1f} -> {1000 * b:7.1f} ms  {name:<16} {thread}")


if __name__ == "__main__":
    main()
