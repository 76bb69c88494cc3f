"""The single home of every critmin table: names, columns, types, checks and descriptions."""

from schemas.events import MeetingParticipants, Meetings, MergeDecisions, MineralRestrictions, People
from schemas.mentions import (
    ExtractedMeetingMentions,
    ExtractedParticipantMentions,
    ExtractedRestrictionMentions,
    MeetingMentions,
    ParticipantMentions,
    RestrictionMentions,
)
from schemas.reference import Countries, Minerals
from schemas.sources import Articles, ArticleTexts, RawSnapshots, RejectedInputs, UnreadableArticles, UnreadableInputs

# The published tables, by their SPEC names, in SPEC order.
PUBLISHED_TABLES = {
    "countries": Countries,
    "minerals": Minerals,
    "articles": Articles,
    "article_texts": ArticleTexts,
    "rejected_inputs": RejectedInputs,
    "raw_snapshots": RawSnapshots,
    "meeting_mentions": MeetingMentions,
    "participant_mentions": ParticipantMentions,
    "restriction_mentions": RestrictionMentions,
    "meetings": Meetings,
    "meeting_participants": MeetingParticipants,
    "people": People,
    "mineral_restrictions": MineralRestrictions,
    "merge_decisions": MergeDecisions,
}

# Intermediate tables of the ingest and extract stages: validated like the others, not published.
INTERMEDIATE_TABLES = {
    "unreadable_inputs": UnreadableInputs,
    "unreadable_articles": UnreadableArticles,
    "extracted_meeting_mentions": ExtractedMeetingMentions,
    "extracted_participant_mentions": ExtractedParticipantMentions,
    "extracted_restriction_mentions": ExtractedRestrictionMentions,
}

ALL_TABLES = {**PUBLISHED_TABLES, **INTERMEDIATE_TABLES}
