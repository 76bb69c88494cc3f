"""The stages of reading one article, each tested on its own hand-off: document, entities, people,
dates carried across sentences, restrictions carried across sentences, meeting spans and candidates,
merging within the article and rows. Sentences are our own."""

from __future__ import annotations

import datetime as dt
from dataclasses import FrozenInstanceError

import pytest

from pipeline.extract.article import features
from pipeline.extract.article_dates import DateTrail, advance, enter, read_sentence_dates, with_context_date
from pipeline.extract.article_rows import meeting_format, restriction_rows
from pipeline.extract.document import Sentence, clauses, read_dateline
from pipeline.extract.extract import read_article, read_article_parts
from pipeline.extract.language import load_nlp
from pipeline.extract.meeting_candidates import meeting_candidates, sentence_cues
from pipeline.extract.meeting_merge import Meeting, interval, merge_meetings, norm
from pipeline.extract.meeting_spans import clause_spans, future_split, sidelines
from pipeline.extract.restriction_flow import RestrictionTrail, read_sentence_restrictions

PUBLISHED = dt.date(2025, 6, 20)  # a Friday


def parts(body: str, published: dt.date | None = PUBLISHED):
    return read_article_parts("t", load_nlp()(body), published)


def sentence(text: str) -> Sentence:
    return Sentence(0, len(text), text)


# ---------------------------------------------------------------- document

def test_sentences_keep_body_offsets_and_a_headline_is_its_own_sentence():
    a = parts("Ministers meet in Rome\nThe trade ministers of Italy and Japan met on Monday. They agreed a plan.")
    assert [s.text for s in a.doc.sentences] == ["Ministers meet in Rome", "The trade ministers of Italy and Japan met on Monday.",
                                                 "They agreed a plan."]
    assert all(a.body[s.start:s.end] == s.text for s in a.doc.sentences)


def test_a_sentence_is_cut_into_clauses_at_semicolons_only():
    s = Sentence(10, 58, "Japan met Italy; Canada also held talks, with Peru")
    assert [(c.start, c.text) for c in clauses(s)] == [(10, "Japan met Italy;"), (27, "Canada also held talks, with Peru")]


def test_a_dateline_gives_the_city_and_country_where_the_report_was_filed():
    a = parts("OTTAWA, June 19 - Canada and Chile signed a lithium pact.")
    assert a.doc.dateline.city == ("Ottawa", "CAN")
    assert a.body[a.doc.dateline.end:].startswith("Canada")


def test_a_dateline_city_we_do_not_list_counts_with_its_country_after_it():
    a = parts("KOFU, Japan, June 19 - The two ministers met.")
    assert a.doc.dateline.city == ("Kofu", "JPN")
    assert read_dateline("No dateline here - just text.", []).city is None


def test_stage_results_are_frozen():
    a = parts("Trade Minister Anita Anand of Canada met Chile's mining minister on Monday.")
    with pytest.raises(FrozenInstanceError):
        a.doc.sentences[0].start = 3
    with pytest.raises(FrozenInstanceError):
        a.people.persons[0].country = "USA"


# ---------------------------------------------------------------- people

def test_people_are_linked_by_surname_and_get_the_country_beside_the_name():
    a = parts("Canadian Trade Minister Anita Anand met Chile's mining minister on Monday. Anand said the talks went well.")
    anand = next(p for p in a.people.persons if p.name == "Anita Anand")
    assert [m.text for m in anand.mentions] == ["Anita Anand", "Anand"]
    assert (anand.country, anand.role) == ("CAN", "Trade Minister")
    assert a.people.of(anand.mentions[1]) is anand


# ---------------------------------------------------------------- dates across sentences

def test_the_date_trail_carries_the_last_day_told_to_an_undated_meeting():
    a = parts("Officials from Peru and Chile met in Lima on June 16. That evening the ministers held talks in Lima.")
    first, second = a.doc.sentences
    trail = DateTrail()
    sd = read_sentence_dates(a.doc, first, enter(a.doc, first, trail))
    assert [d.value for d in sd.dates] == [dt.date(2025, 6, 16)]
    trail = advance(a.doc, first, sd, trail)
    assert trail.last_day_seen.value == dt.date(2025, 6, 16)
    cands, a = meeting_candidates(a, second, [])
    assert cands[0].date is None
    assert with_context_date(a.doc, cands[0], (), trail).context_date.value == dt.date(2025, 6, 16)


def test_a_new_paragraph_forgets_the_paragraph_day():
    a = parts("Peru and Chile met on June 16.\n\nThe previous day was quiet.")
    first, second = a.doc.sentences
    trail = advance(a.doc, first, read_sentence_dates(a.doc, first, DateTrail()), DateTrail())
    assert trail.paragraph_day == dt.date(2025, 6, 16)
    assert enter(a.doc, second, trail).paragraph_day is None


# ---------------------------------------------------------------- restrictions across sentences

def test_the_restriction_trail_carries_the_imposer_to_the_sentence_that_names_the_minerals():
    a = parts("China unveiled sweeping new export controls on Thursday. The controls cover exports of gallium and germanium.")
    first, second = a.doc.sentences
    found, trail = read_sentence_restrictions(a, 0, first, read_sentence_dates(a.doc, first, DateTrail()), DateTrail(),
                                              RestrictionTrail())
    assert (found, trail.imposer) == ([], "CHN")
    found, trail = read_sentence_restrictions(a, 1, second, read_sentence_dates(a.doc, second, DateTrail()), DateTrail(), trail)
    assert sorted((r.imposing_iso3, r.mineral.value) for r, _ in found) == [("CHN", "gallium"), ("CHN", "germanium")]
    assert trail.last_index == 1 and len(trail.history) == 2


# ---------------------------------------------------------------- meeting spans and candidates

def test_a_meeting_held_and_one_still_to_come_are_cut_at_the_comma():
    s = sentence("Negotiators ended two days of talks, clearing the way for the leaders to meet on Thursday.")
    cues = sentence_cues(parts(s.text), s)
    spans = future_split(s, cues)
    assert [s.text[lo:hi] for lo, hi, _ in spans] == ["Negotiators ended two days of talks",
                                                       ", clearing the way for the leaders to meet on Thursday."]


def test_clauses_with_verbs_of_their_own_are_two_meetings_but_a_list_of_names_is_not():
    two = sentence("Trump spoke by telephone with Putin, and on Monday Rubio and Lavrov held talks.")
    assert len(clause_spans(two, sentence_cues(parts(two.text), two))) == 2
    one = sentence("Modi met with Albanese, Carney, and Ishiba during the Quad meeting.")
    assert clause_spans(one, sentence_cues(parts(one.text), one)) == []


def test_the_sidelines_of_a_named_summit_split_off_the_main_meeting():
    side, side_only = sidelines(sentence("On the sidelines of the G20 summit, Japan and India held talks."))
    assert side.group(0) == "On the sidelines of the G20 summit," and not side_only
    side, side_only = sidelines(sentence("Japan and India met on the sidelines."))
    assert side is None and side_only


def test_the_meeting_named_in_a_sidelines_phrase_is_a_meeting_of_its_own():
    rows = read_article("t", load_nlp()("Australian Prime Minister Anthony Albanese and Indian Prime Minister Narendra "
                                        "Modi held talks on Tuesday on the margins of the G7 summit in Rio."),
                        dt.date(2025, 6, 20))
    sides = sorted((m["meeting_format"], len([p for p in rows.participants if p["meeting_mention_id"] == m["mention_id"]
                                              and p["participant_kind"] == "country"])) for m in rows.meetings)
    assert sides == [("bilateral", 2), ("multilateral", 7)]


def test_a_candidate_carries_the_features_that_decided_it():
    a = parts("Japanese Prime Minister Shigeru Ishiba hosted talks with Australia's Anthony Albanese in Tokyo on June 16.")
    (cand,), _ = meeting_candidates(a, a.doc.sentences[0], [d for s in a.doc.sentences
                                                            for d in read_sentence_dates(a.doc, s, DateTrail()).dates])
    assert cand.cue == "verb:hosted"
    assert (cand.city, cand.country_iso3, cand.convener) == ("Tokyo", "JPN", "Shigeru Ishiba")
    assert cand.explicit_bilateral and not cand.scheduled
    assert cand.date.value == dt.date(2025, 6, 16)
    assert {a.people.of(m).name for m in cand.people} == {"Shigeru Ishiba", "Anthony Albanese"}
    seen = features(cand)
    assert (seen["cue_kind"], seen["cue"], seen["date_source"], seen["date_precision"]) == ("verb", "hosted", "own", "day")
    assert seen["date_distance"] == cand.date.start - cand.start and seen["place_named"] and seen["convener_named"]


# ---------------------------------------------------------------- merging and rows

def test_dates_cover_their_whole_period_and_names_compare_without_punctuation():
    a = parts("Peru and Chile met in June 2025.")
    d = read_sentence_dates(a.doc, a.doc.sentences[0], DateTrail()).dates[0]
    assert interval(d) == (dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    assert norm("Leaders’ Summit") == norm("leaders' summit!") == "leaders summit"


def test_a_later_sentence_about_the_same_sides_joins_the_meeting():
    a = parts("Peru and Chile held talks in Lima on June 16. At the talks, Peru and Chile agreed to share lithium data.")
    told = []
    for s in a.doc.sentences:
        cands, a = meeting_candidates(a, s, list(read_sentence_dates(a.doc, s, DateTrail()).dates))
        told += [(c, s) for c in cands]
    merged = merge_meetings(a, told)
    assert len(merged) == 1 and merged[0].parties == {"PER", "CHL"}
    assert meeting_format(merged[0]) == "bilateral"


def test_a_meeting_of_one_named_party_is_dropped():
    a = parts("Peru held talks in Lima on June 16.")
    s = a.doc.sentences[0]
    cands, a = meeting_candidates(a, s, list(read_sentence_dates(a.doc, s, DateTrail()).dates))
    assert cands and merge_meetings(a, [(c, s) for c in cands]) == []
    assert meeting_format(Meeting([(cands[0], s)], {"PER", "CHL", "BOL"})) == "multilateral"


def test_rows_of_one_article_share_the_best_date_of_a_measure():
    rows = read_article("t", load_nlp()("China banned exports of antimony to the United States on December 3, 2024. "
                                         "The ban also covers gallium."), dt.date(2024, 12, 4))
    found = {(r["mineral_id"], r["announced_date"], r["target_iso3"]) for r in rows.restrictions}
    assert ("antimony", dt.date(2024, 12, 3), "USA") in found
    assert rows.meetings == [] and restriction_rows(parts("Peru met Chile."), []) == []
