"""The entity tagger's speed-ups change no entity: NumPy's BLAS in place of thinc's BLIS, and
offsets read from the given text."""

from __future__ import annotations

from spinscope.segment.sentences import split_sentences
from tests.support import FIXTURES


def test_numpy_blas_finds_the_entities_that_blis_finds() -> None:
    import spacy

    from spinscope.claims.entities import EntityTagger, spacy_model_dir

    tagger = EntityTagger()
    text = (FIXTURES / "claims" / "article.txt").read_text(encoding="utf-8")
    sentences = [s.text for s in split_sentences(text)]
    plain = spacy.load(
        spacy_model_dir(), exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
    )
    assert type(tagger._nlp.get_pipe("ner").model.ops).__name__ == "NumpyOps"
    ours = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in tagger._nlp.pipe(sentences)]
    theirs = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in plain.pipe(sentences)]
    assert ours == theirs and any(ours)
    for sentence, mentions in zip(sentences, tagger.tag(sentences), strict=True):
        assert all(0 <= m.start < m.end <= len(sentence) for m in mentions)


def test_the_default_english_tokenizer_is_the_models_own() -> None:
    import spacy

    from spinscope.claims.entities import EntityTagger, spacy_model_dir

    saved = spacy.blank("en").tokenizer.from_disk(spacy_model_dir() / "tokenizer")
    ours = EntityTagger()._nlp.tokenizer
    assert ours.to_bytes(exclude=["vocab"]) == saved.to_bytes(exclude=["vocab"])
