"""Extract stage: what each article states (meetings, participants, restrictions), read with spaCy and
our gazetteers and rules; pure functions, no Dagster."""
