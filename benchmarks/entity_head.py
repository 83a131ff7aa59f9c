"""Could the claim model's own hidden states name entities, so that spaCy need not run?

    python benchmarks/entity_head.py --ptc ../shared/data/ptc \\
        --claimbuster ../shared/data/claimbuster/crowdsourced.csv [--hidden 0 256] [--json OUT]

spaCy's named-entity step costs about 40 ms of one core per 1,000-word article, a third of the
work left once claims are scored. The claim model already encodes every sentence, so a head on
its hidden states would cost almost nothing. This script measures whether such a head can
stand in for spaCy: spaCy (the pinned pipeline spinscope ships) labels the sentences of the PTC
training articles (validation and dev held out) and up to 8,000 ClaimBuster sentences with
people, organisations, places and dates; a head (linear, or one hidden layer of ``--hidden``
units) is trained on the claim model's last two layers (the int8 model users run, read through
an extra graph output) plus the casing of each token and its neighbours (the claim model's
vocabulary is lower-cased); it is scored on the sentences of the 40 validation articles
against spaCy's mentions, exact span and label.

The rule, fixed in docs/claims.md before the run: the head replaces spaCy only if its F1
against spaCy is at least 0.90.
"""

from __future__ import annotations

import argparse
import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from spinscope.claims.entities import EntityTagger
from spinscope.claims.scorer import ClaimScorer, default_claim_model_dir, load_claim_scorer
from spinscope.ptc.corpus import iter_articles
from spinscope.segment.sentences import split_sentences
from spinscope.train.splits import dev_ids, validation_ids

LAYERS = (
    "/network/encoder/encoder/layer.1/output/LayerNorm/LayerNormalization_output_0",
    "/network/encoder/encoder/layer.2/output/LayerNorm/LayerNormalization_output_0",
)
KINDS = {"PERSON": 1, "ORG": 2, "GPE": 3, "LOC": 3, "FAC": 3, "DATE": 4}
KIND_NAMES = {1: "person", 2: "organisation", 3: "place", 4: "date"}
CLAIMBUSTER_SENTENCES = 8000
RULE_F1 = 0.90

Mention = tuple[int, int, int]
"""(start, end, kind) in one sentence."""


@dataclass
class Sentence:
    features: npt.NDArray[np.float32]  # (tokens, features)
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    mentions: set[Mention]


def casing(text: str, starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
    """Per token: capitalised, all capitals, has a digit, first token, glued to the previous
    token; the same for the two neighbours."""
    own = np.zeros((len(starts), 5), dtype=np.float32)
    for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
        word = text[s:e]
        own[i] = (
            word[:1].isupper(),
            word.isupper() and len(word) > 1,
            any(c.isdigit() for c in word),
            i == 0,
            i > 0 and ends[i - 1] == s,
        )
    pad = np.zeros((1, own.shape[1]), dtype=np.float32)
    return np.hstack([own, np.vstack([pad, own[:-1]]), np.vstack([own[1:], pad])])


def token_labels(sentence: Sentence) -> npt.NDArray[np.int64]:
    """0 outside, 2k-1 first token of a kind-k mention, 2k inside."""
    labels = np.zeros(len(sentence.starts), dtype=np.int64)
    for start, end, kind in sentence.mentions:
        inside = np.flatnonzero((sentence.starts >= start) & (sentence.ends <= end))
        if inside.size:
            labels[inside] = 2 * kind
            labels[inside[0]] = 2 * kind - 1
    return labels


def mentions_of(sentence: Sentence, labels: npt.NDArray[np.int64]) -> set[Mention]:
    found: set[Mention] = set()
    current: list[int] | None = None
    for i, label in enumerate(int(x) for x in labels):
        kind = (label + 1) // 2
        if current is not None and (label == 0 or label % 2 == 1 or kind != current[2]):
            found.add((current[0], current[1], current[2]))
            current = None
        if label:
            if current is None:
                current = [int(sentence.starts[i]), int(sentence.ends[i]), kind]
            else:
                current[1] = int(sentence.ends[i])
    if current is not None:
        found.add((current[0], current[1], current[2]))
    return found


def encode(texts: list[str], tagger: EntityTagger, scorer: ClaimScorer, session: object) -> list[Sentence]:
    """Features, token offsets and spaCy's mentions of each sentence; ``scorer`` gives the claim
    model's tokenizer and length limit, ``session`` its hidden states."""
    special = scorer.tokenizer.special
    out: list[Sentence] = []
    docs = tagger._nlp.pipe(texts, batch_size=64)
    for text, doc in zip(texts, docs, strict=True):
        tokens = scorer.tokenizer.tokenize(text)
        n = min(len(tokens), scorer.max_tokens - 2)
        ids = np.array([[special.cls_id, *tokens.ids[:n], special.sep_id]], dtype=np.int64)
        layers = session.run(list(LAYERS), {"input_ids": ids, "attention_mask": np.ones_like(ids)})  # type: ignore[attr-defined]
        starts, ends = tokens.starts[:n], tokens.ends[:n]
        hidden = [np.asarray(h, dtype=np.float32)[0, 1 : n + 1] for h in layers]
        features = np.hstack([*hidden, casing(text, starts, ends)]).astype(np.float16)
        found = {(e.start_char, e.end_char, KINDS[e.label_]) for e in doc.ents if e.label_ in KINDS}
        out.append(Sentence(features, starts, ends, found))
    return out


def hidden_state_session() -> object:
    """The shipped int8 claim model with its last two layers as extra outputs."""
    import onnx
    import onnxruntime as ort

    graph = onnx.load(str(default_claim_model_dir() / "model.int8.onnx"))
    for name in LAYERS:
        graph.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(graph.SerializeToString(), options, providers=["CPUExecutionProvider"])


def train_head(train: list[Sentence], hidden: int, epochs: int, seed: int = 0):  # type: ignore[no-untyped-def]
    import torch

    torch.manual_seed(seed)
    x = torch.tensor(np.vstack([s.features for s in train]), dtype=torch.float32)
    y = torch.tensor(np.concatenate([token_labels(s) for s in train]))
    mean, scale = x.mean(0), x.std(0) + 1e-4
    width = x.shape[1]
    layers = (
        [torch.nn.Linear(width, hidden), torch.nn.GELU(), torch.nn.Linear(hidden, 9)]
        if hidden
        else [torch.nn.Linear(width, 9)]
    )
    net = torch.nn.Sequential(*layers)
    optimiser = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    for _ in range(epochs):
        order = torch.randperm(len(x))
        for lo in range(0, len(x), 1024):
            rows = order[lo : lo + 1024]
            loss = torch.nn.functional.cross_entropy(net((x[rows] - mean) / scale), y[rows])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()

    def predict(sentence: Sentence) -> npt.NDArray[np.int64]:
        with torch.no_grad():
            feats = (torch.tensor(sentence.features, dtype=torch.float32) - mean) / scale
            return net(feats).argmax(1).numpy()

    return predict


def f1(tp: int, fp: int, fn: int) -> float:
    return round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0


def score(test: list[Sentence], predict) -> dict[str, object]:  # type: ignore[no-untyped-def]
    counts = {kind: [0, 0, 0] for kind in KIND_NAMES}
    for sentence in test:
        found = mentions_of(sentence, predict(sentence))
        for kind, c in counts.items():
            mine = {m for m in found if m[2] == kind}
            gold = {m for m in sentence.mentions if m[2] == kind}
            c[0] += len(mine & gold)
            c[1] += len(mine - gold)
            c[2] += len(gold - mine)
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    return {
        "f1": f1(tp, fp, fn),
        "precision": round(tp / max(1, tp + fp), 3),
        "recall": round(tp / max(1, tp + fn), 3),
        "per_kind_f1": {KIND_NAMES[k]: f1(*c) for k, c in counts.items()},
        "spacy_mentions": tp + fn,
    }


def claimbuster_sentences(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [row["Text"] for row in csv.DictReader(handle) if row["Text"].strip()]
    return texts[:CLAIMBUSTER_SENTENCES]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ptc", type=Path, required=True, help="PTC folder")
    parser.add_argument("--claimbuster", type=Path, required=True, help="ClaimBuster crowdsourced.csv")
    parser.add_argument("--hidden", type=int, nargs="+", default=[0, 256], help="hidden units (0: linear)")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    held_out, validation = {*validation_ids(), *dev_ids()}, set(validation_ids())
    train_texts: list[str] = []
    test_texts: list[str] = []
    for article in iter_articles(args.ptc / "train-articles"):
        sentences = [s.text for s in split_sentences(article.text) if s.text.strip()]
        if article.id in validation:
            test_texts += sentences
        elif article.id not in held_out:
            train_texts += sentences
    train_texts += claimbuster_sentences(args.claimbuster)
    tagger, scorer, session = EntityTagger(), load_claim_scorer(), hidden_state_session()
    train = encode(train_texts, tagger, scorer, session)
    test = encode(test_texts, tagger, scorer, session)
    results: dict[str, object] = {
        "train_sentences": len(train),
        "test_sentences": len(test),
        "rule_f1": RULE_F1,
    }
    for hidden in args.hidden:
        name = f"hidden {hidden}" if hidden else "linear"
        results[name] = score(test, train_head(train, hidden, args.epochs))
        print(name, json.dumps(results[name]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
