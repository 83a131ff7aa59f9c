"""Extra training data: SemEval-2021 Task 6 subtask 2 (technique spans in meme texts).

The file is a JSON list of ``{"id", "text", "labels": [{"start", "end", "technique"}]}``
with offsets into ``text``. Its technique names are mapped onto spinscope's 14 techniques;
spans of techniques outside that inventory ("Smears", "Glittering generalities (Virtue)",
"Obfuscation, Intentional vagueness, Confusion") are dropped, as the PTC articles would not
mark them either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from spinscope.errors import TrainingSetupError
from spinscope.ptc.corpus import Article, LabelRow

TECHNIQUE_IDS = {
    "Appeal to authority": "appeal_to_authority",
    "Appeal to fear/prejudice": "appeal_to_fear",
    "Bandwagon": "bandwagon_reductio",
    "Reductio ad hitlerum": "bandwagon_reductio",
    "Black-and-white Fallacy/Dictatorship": "black_and_white",
    "Causal Oversimplification": "causal_oversimplification",
    "Doubt": "doubt",
    "Exaggeration/Minimisation": "exaggeration_minimisation",
    "Flag-waving": "flag_waving",
    "Loaded Language": "loaded_language",
    "Name calling/Labeling": "name_calling",
    "Repetition": "repetition",
    "Slogans": "slogans",
    "Thought-terminating cliché": "thought_terminating_cliche",
    "Whataboutism": "whataboutism_strawman_red_herring",
    "Misrepresentation of Someone's Position (Straw Man)": "whataboutism_strawman_red_herring",
    "Presenting Irrelevant Data (Red Herring)": "whataboutism_strawman_red_herring",
}


@dataclass(frozen=True, slots=True)
class MemeCorpus:
    articles: list[Article]
    gold: dict[str, list[LabelRow]]
    dropped_spans: int
    """Spans whose technique is not one of spinscope's 14."""


def read_meme_corpus(path: Path) -> MemeCorpus:
    """Texts (ids prefixed ``meme-``) and their spans; a clear error for anything malformed."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TrainingSetupError(f"{path}: cannot read SemEval-2021 Task 6 data: {exc}") from exc
    if not isinstance(items, list):
        raise TrainingSetupError(f"{path}: expected a JSON list of texts")
    articles: list[Article] = []
    gold: dict[str, list[LabelRow]] = {}
    dropped = 0
    for n, item in enumerate(items):
        try:
            article = Article(f"meme-{item['id']}", str(item["text"]))
            rows = []
            for label in item["labels"]:
                start, end = int(label["start"]), int(label["end"])
                technique = TECHNIQUE_IDS.get(label["technique"])
                if not 0 <= start < end <= len(article.text):
                    raise ValueError(f"span {start}-{end} outside a text of {len(article.text)} characters")
                if technique is None:
                    dropped += 1
                    continue
                rows.append(LabelRow(article.id, start, end, technique))
        except (KeyError, TypeError, ValueError) as exc:
            raise TrainingSetupError(f"{path}: item {n}: malformed ({exc})") from exc
        articles.append(article)
        gold[article.id] = rows
    return MemeCorpus(articles, gold, dropped)
