"""`make bench`: how critmin's cost grows with the corpus, beside a plain spaCy pass over the same texts."""
