"""Does spinscope treat both sides alike? Swap the names of opposite sides and compare.

    python benchmarks/neutrality.py [--data ../shared/data/ptc] [FILE ...] [--model DIR] [--json OUT]
    python benchmarks/neutrality.py --data ../shared/data/ptc --folds RUNS [--fold-ids 0 1 2]

For every text that names a side of one of the pairs of ``spinscope.neutrality.DEFAULT_PAIRS``,
spinscope analyses the text and a copy with each pair's names swapped ("Armenian" <->
"Azerbaijani", "Democrats" <-> "Republicans", ...). The texts are the 60 PTC articles held out
from training (validation and dev) when ``--data`` exists, plus any FILE. With the names
swapped back, a perfectly neutral analyser returns the same spans, techniques and claims.
Prints, per group of texts, the mean agreement (Dice overlap, 1.0 = identical) and the mean
score change of the spans and claims found both times, and the ratio of the span agreement to
the control's with a 95 % bootstrap interval over the texts.

With ``--folds``, the fold models of a cross-validation recipe (``benchmarks/cv.py``) are probed
instead, each on the articles its fold held out (three times as many texts as the held-out
set, for folds 0-2), and the agreements are pooled: a recipe's neutrality with narrower
intervals. Each fold model shows spans as the bundled model does (its verifier, display
threshold, hidden techniques and stride); claims are not analysed.

"sides in the gazetteer" repeats the probe with the pairs of ``DEFAULT_PAIRS`` whose names
name-blind reading masks (all but persons' names, such as Trump / Clinton), to show how much of
a name-blind model's disagreement the persons' names cause.

The same is done with ``UNSEEN_PAIRS``, sides that training with ``--swap-sides`` never swaps
(Obama/Bush, Muslim/Christian, Iran/Iraq, ...), to see whether a model taught to ignore some
names ignores others too.

As a control, the same is done with pairs that carry no side (weekdays, months): the model
reacts to any change of wording near its thresholds, and the control shows how much of the
change that alone explains.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from spinscope.analysis import Analysis
from spinscope.bootstrap import ConfidenceInterval, bootstrap_interval
from spinscope.neutrality import CONTROL_PAIRS, DEFAULT_PAIRS, UNSEEN_PAIRS, Agreement, NameSwapper, probe
from spinscope.segment.sides import SideGazetteer

Analyze = Callable[[list[str]], list[Analysis]]
TextKey = tuple[object, int]
"""(the group a text came in with, its index there)."""


def summary(rows: list[Agreement]) -> dict[str, object]:
    if not rows:
        return {"texts": 0}
    fields = ("spans", "span_places", "claims", "span_score_change", "claim_score_change")
    out: dict[str, object] = {"texts": len(rows)}
    out.update({f"mean_{f}": round(statistics.fmean(getattr(r, f) for r in rows), 3) for f in fields})
    out["spans_original"] = sum(r.spans_original for r in rows)
    out["spans_swapped"] = sum(r.spans_swapped for r in rows)
    return out


def ratio_interval(sides: dict[TextKey, float], control: dict[TextKey, float]) -> ConfidenceInterval:
    """Mean span agreement with the sides swapped over mean agreement in the control, with a
    bootstrap interval that resamples the texts (a text counts in each mean it belongs to)."""
    texts = sorted(set(sides) | set(control), key=lambda key: (str(key[0]), key[1]))

    def ratio(drawn: Sequence[TextKey]) -> float:
        side = [sides[i] for i in drawn if i in sides]
        base = [control[i] for i in drawn if i in control]
        return statistics.fmean(side) / statistics.fmean(base) if side and base else 1.0

    return bootstrap_interval(texts, ratio)


@dataclass
class Probed:
    """The agreements of one group of texts, per kind of swap, and each text's span agreement."""

    rows: dict[str, list[Agreement]] = field(default_factory=dict)
    per_text: dict[str, dict[TextKey, float]] = field(default_factory=dict)

    def add(
        self, texts: list[str], analyze_many: Analyze, swappers: dict[str, NameSwapper], tag: object
    ) -> None:
        """Probe ``texts`` with every swapper; ``tag`` tells these texts from others in the group."""
        for kind, swapper in swappers.items():
            rows = probe(texts, swapper, analyze_many)
            # probe() keeps the texts the swap changes, in order
            changed = [i for i, text in enumerate(texts) if swapper.swap(text) != text]
            self.rows.setdefault(kind, []).extend(rows)
            spans = self.per_text.setdefault(kind, {})
            spans.update({(tag, i): row.spans for i, row in zip(changed, rows, strict=True)})


def report(name: str, probed: Probed, results: dict[str, object], single: bool, claims: bool = True) -> None:
    """Print and keep the agreements of ``probed``; ``claims=False``: claims were not analysed."""
    for kind, rows in probed.rows.items():
        key = f"{name}, {kind} swapped"
        results[key] = {
            k: v
            for k, v in summary(rows).items()
            if claims or k not in ("mean_claims", "mean_claim_score_change")
        }
        print(key, json.dumps(results[key]))
        if single and rows:
            print("   ", json.dumps(asdict(rows[0])))
    if single:
        return
    control = probed.per_text.get("control", {})
    key = f"{name}, span agreement ratio to the control"
    results[key] = {
        kind: ratio_interval(spans, control).to_dict()
        for kind, spans in probed.per_text.items()
        if kind != "control" and spans and control
    }
    print(f"{name}, ratio to the control, 95 % interval over texts:", json.dumps(results[key]))


def fold_view(fold_model: Path, shipped: Path, into: Path, name_blind: bool | None = None) -> Path:
    """A copy of a fold model in ``into`` that shows spans as the shipped model does: its
    verifier, display threshold, hidden techniques and windows. The fold model keeps the reading
    of names it was trained with, unless ``name_blind`` is given."""
    from dataclasses import replace

    from spinscope.model.card import ModelCard
    from spinscope.train.encoder_source import sha256_file

    shutil.copytree(fold_model, into)
    view = ModelCard.load(shipped)
    card = ModelCard.load(into)
    shutil.copyfile(shipped / view.verifier_file, into / view.verifier_file)
    replace(
        card,
        verifier_file=view.verifier_file,
        display_threshold=view.display_threshold,
        unreliable_techniques=view.unreliable_techniques,
        window_stride=view.window_stride,
        window_fitted=view.window_fitted,
        name_blind=card.name_blind if name_blind is None else name_blind,
        files_sha256={**card.files_sha256, view.verifier_file: sha256_file(into / view.verifier_file)},
    ).save(into)
    return into


def out_of_fold(
    runs: Path,
    folds: list[int],
    data: Path,
    swappers: dict[str, NameSwapper],
    name_blind: bool | None = None,
) -> Probed:
    """Each fold model of ``runs``, shown as the bundled model shows spans, probes the articles
    its fold held out."""
    from spinscope.analyzer import Analyzer, default_model_dir
    from spinscope.ptc.corpus import iter_articles
    from spinscope.train.splits import cv_folds

    fold_of = cv_folds()
    probed = Probed()
    with tempfile.TemporaryDirectory() as scratch:
        for fold in folds:
            view = fold_view(
                runs / f"fold-{fold}" / "model", default_model_dir(), Path(scratch) / str(fold), name_blind
            )
            analyzer = Analyzer.load(view, claims=False)
            held_out = [a for a, f in fold_of.items() if f == fold]
            texts = [a.text for a in iter_articles(data / "train-articles", held_out)]
            probed.add(texts, analyzer.analyze_many, swappers, fold)
            print(f"fold {fold}: {len(texts)} held-out articles probed", flush=True)
    return probed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", type=Path, nargs="*", help="more texts to probe (UTF-8)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/ptc"))
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--model", default=None, help="technique model folder (default: the bundled one)")
    parser.add_argument(
        "--folds",
        type=Path,
        default=None,
        help="fold-run folder of a recipe (benchmarks/cv.py): probe out of fold",
    )
    parser.add_argument("--fold-ids", type=int, nargs="+", default=[0, 1, 2], help="with --folds")
    parser.add_argument(
        "--name-blind",
        choices=("yes", "no"),
        default=None,
        help="with --folds: read the names of sides name-blind or as written "
        "(default: as each fold model was trained)",
    )
    args = parser.parse_args()

    gazetteer = SideGazetteer.bundled()
    swappers = {
        "sides": NameSwapper(DEFAULT_PAIRS),
        # the pairs of DEFAULT_PAIRS whose both names name-blind reading masks (not persons)
        "sides in the gazetteer": NameSwapper(
            [p for p in DEFAULT_PAIRS if gazetteer.knows(p.first) and gazetteer.knows(p.second)]
        ),
        "unseen sides": NameSwapper(UNSEEN_PAIRS),
        "control": NameSwapper(CONTROL_PAIRS),
    }
    results: dict[str, object] = {}
    if args.folds is not None:
        blind = None if args.name_blind is None else args.name_blind == "yes"
        probed = out_of_fold(args.folds, args.fold_ids, args.data, swappers, blind)
        reading = "" if blind is None else (", name-blind" if blind else ", names as written")
        report(
            f"{args.folds.name}, folds {args.fold_ids} out of fold{reading}",
            probed,
            results,
            single=False,
            claims=False,
        )
    else:
        probe_model(args, swappers, results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def probe_model(
    args: argparse.Namespace, swappers: dict[str, NameSwapper], results: dict[str, object]
) -> None:
    """The held-out PTC articles and the given files, analysed by one model."""
    import spinscope
    from spinscope.ingest.text import read_text_file

    analyzer = spinscope.load(args.model)
    groups: dict[str, list[str]] = {}
    if (args.data / "train-articles").is_dir():
        from spinscope.ptc.corpus import iter_articles
        from spinscope.train.splits import dev_ids, validation_ids

        held_out = [*validation_ids(), *dev_ids()]
        groups["PTC held-out articles"] = [
            a.text for a in iter_articles(args.data / "train-articles", held_out)
        ]
    for path in args.files:
        groups[str(path)] = [read_text_file(path)]
    for name, texts in groups.items():
        probed = Probed()
        probed.add(texts, analyzer.analyze_many, swappers, name)
        report(name, probed, results, single=len(texts) == 1)


if __name__ == "__main__":
    main()
