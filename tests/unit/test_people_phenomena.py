"""How news names people, one phenomenon at a time: who is a person, their title and the country
they stand for, each checked on a few sentences of our own."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span

from pipeline.nlp.entities import find_people
from pipeline.nlp.extract import ArticleReader
from pipeline.nlp.language import load_nlp
from tests.unit.test_extraction_phenomena import meetings_of, only


def people_of(body: str, published: str = "2025-06-20") -> dict[str, tuple[str | None, str | None]]:
    """Every person the reader finds in the article: name -> (country, role)."""
    reader = ArticleReader("test", load_nlp()(body), dt.date.fromisoformat(published))
    return {p.name: (p.country, p.role) for p in reader.people}


def tagged(text: str, entities: list[tuple[str, str]]):
    """A doc whose entities are the given (text, label) pairs, each at its first place in `text`,
    so a test does not depend on what the statistical model happens to tag."""
    doc = load_nlp().make_doc(text)
    spans = []
    for surface, label in entities:
        start = text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = spans
    return doc


# ---------------------------------------------------------------- who is a person


def test_a_city_that_is_also_tagged_as_a_place_is_not_a_person():
    text = "Leaders met in Tarrytown on Friday. The host welcomed them to his hometown of Tarrytown."
    doc = tagged(text, [("Tarrytown", "GPE"), ("Tarrytown.", "PERSON")])
    assert find_people(doc) == []


def test_a_known_city_is_not_a_person():
    text = "Osaka will host the ministers next spring."
    assert find_people(tagged(text, [("Osaka", "PERSON")])) == []


def test_saints_and_clergy_are_not_people_who_represent_a_country():
    text = "They spoke inside St Paul's Cathedral before the funeral of Pope Gregory."
    doc = tagged(text, [("St Paul", "PERSON"), ("Gregory", "PERSON")])
    assert find_people(doc) == []


def test_a_name_with_an_initial_and_a_suffix_is_kept_as_written_and_its_surname_links_to_it():
    people = people_of("President Franklin D. Roosevelt Jr. welcomed the Canadian delegation. "
                       "Later Roosevelt toured the port.")
    assert list(people) == ["Franklin D. Roosevelt Jr"]


# ---------------------------------------------------------------- titles


def test_a_capitalised_word_that_opens_the_sentence_is_not_part_of_the_title():
    people = people_of("When Finance Minister Nirmala Sitharaman reached Riyadh, the talks began.")
    assert people["Nirmala Sitharaman"][1] == "Finance Minister"


def test_a_lower_case_title_after_a_possessive_country_and_a_comma():
    people = people_of("The talks were held with Chile's new mining minister, Aurora Williams, on Monday.")
    assert people["Aurora Williams"] == ("CHL", "Mining Minister")


def test_counterpart_gives_the_side_but_is_not_a_title():
    people = people_of("Japan's envoy held talks in Beijing with his Chinese counterpart, Liu Jinsong.")
    assert people["Liu Jinsong"] == ("CHN", None)


# ---------------------------------------------------------------- countries


def test_the_country_after_a_name_belongs_to_that_name_not_to_the_next_person():
    body = ("Chancellor Karl Nehammer of Austria, President Gabriel Boric of Chile and Prime Minister "
            "Jonas Gahr Store of Norway met in Vienna on Tuesday to discuss lithium.")
    meeting = only(meetings_of(body, "2025-06-20"))
    assert meeting["people"] == {"Karl Nehammer": ("AUT", "Chancellor"), "Gabriel Boric": ("CHL", "President"),
                                 "Jonas Gahr Store": ("NOR", "Prime Minister")}


def test_a_title_with_the_country_inside_it():
    people = people_of("Minister of Mines and Minerals Development of Zambia Paul Kabuswe visited Lusaka.")
    assert people["Paul Kabuswe"] == ("ZMB", "Minister of Mines and Minerals Development")


def test_a_word_of_time_that_opens_the_sentence_is_not_part_of_the_title():
    people = people_of("Yesterday President of France Emmanuel Macron flew to Brasilia.")
    assert people["Emmanuel Macron"] == ("FRA", "President")


def test_officials_of_international_bodies_stand_for_no_country():
    body = ("The EU's trade commissioner, Maros Sefcovic, met Canada's trade minister, Dominic LeBlanc, "
            "in Ottawa on Monday. NATO Secretary General Mark Rutte and European Council President "
            "Antonio Costa met Polish President Andrzej Duda in Warsaw on Tuesday.")
    people = people_of(body)
    assert people["Maros Sefcovic"] == (None, "Trade Commissioner")
    assert people["Mark Rutte"] == (None, "NATO Secretary General")
    assert people["Antonio Costa"] == (None, "European Council President")
    assert people["Dominic LeBlanc"] == ("CAN", "Trade Minister")


def test_two_people_who_meet_with_guessed_countries_stand_for_two_different_countries():
    body = ("The United States and China have argued over chips for years. "
            "President Donald Trump and President Xi Jinping met in Busan on Thursday.")
    meeting = only(meetings_of(body, "2025-10-31"))
    countries = {country for country, _ in meeting["people"].values()}
    assert countries == {"USA", "CHN"}
    assert meeting["countries"] == {"USA", "CHN"}
