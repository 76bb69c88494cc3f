"""The readers of a person's title and country (person_roles.py), one at a time, each on a sentence of
our own. Every sentence starts at body offset 100, so a reader that forgets the offset fails."""

from __future__ import annotations

from pipeline.extract.entities import Mention, find_countries
from pipeline.extract.people import find_titled_people
from pipeline.extract.person_roles import (
    PersonInSentence,
    PersonReading,
    appositive_own_office,
    appositive_phrase,
    appositive_with_country,
    capitalised_title_before_comma,
    country_after_of,
    country_from_title,
    owned_title_before_comma,
    read_appositive,
    read_person,
    represented_country,
    sent_title_before_comma,
    shared_title,
    title_words_before,
)

OFFSET = 100


def named(sentence: str, name: str) -> Mention:
    """The person `name` where it first stands in `sentence`, at body offsets."""
    start = OFFSET + sentence.index(name)
    return Mention("person", start, start + len(name), name, name)


def person_in(sentence: str, name: str, others: tuple[str, ...] = ()) -> PersonInSentence:
    """`name` in `sentence` with the countries the gazetteer finds there and the other people named."""
    return PersonInSentence(named(sentence, name), sentence, OFFSET, tuple(find_countries(sentence, OFFSET)),
                            tuple(named(sentence, o) for o in others))


def nothing_yet(name: str) -> PersonReading:
    return PersonReading(name, None, None, None)


# ---------------------------------------------------------------- the title before the name


def test_title_words_before_stop_at_a_possessive_country():
    at = person_in("Italy's Finance Minister Paolo Rinaldi spoke on Monday.", "Paolo Rinaldi")
    assert title_words_before(at) == (["Finance", "Minister"], "ITA", "possessive")


def test_title_words_before_go_on_past_of_country():
    at = person_in("Prime Minister of Japan Aiko Tanabe arrived in Lima.", "Aiko Tanabe")
    assert title_words_before(at) == (["Prime", "Minister", "of"], "JPN", "adjective")


def test_the_country_an_envoy_is_sent_to_is_part_of_the_title_not_theirs():
    at = person_in("Canadian Ambassador to Chile Ruth Olsen met the minister.", "Ruth Olsen")
    assert title_words_before(at) == (["Ambassador", "to", "Chile"], "CAN", "adjective")
    at = person_in("He met Special Envoy to the Philippines Tom Ward.", "Tom Ward")
    assert title_words_before(at) == (["Special", "Envoy", "to", "the", "Philippines"], None, None)


def test_a_country_after_for_closes_the_list_item_before_and_is_the_named_persons():
    sentence = "The channel is led by Minister Ana Ruiz for Peru and Vice Premier Li Wen for China."
    at = person_in(sentence, "Li Wen", others=("Ana Ruiz",))
    assert title_words_before(at) == (["and", "Vice", "Premier"], None, None)
    assert country_after_of(at, nothing_yet("Li Wen")).country_iso3 == "CHN"
    assert country_after_of(person_in(sentence, "Ana Ruiz"), nothing_yet("Ana Ruiz")).country_iso3 == "PER"
    pushing = "Ana Ruiz pushed for Peru to join the pact."
    assert country_after_of(person_in(pushing, "Ana Ruiz"), nothing_yet("Ana Ruiz")).country_iso3 is None


def test_title_words_before_stop_at_the_previous_person():
    sentence = "Trade Minister Ken Ito and Energy Minister Rui Sato met."
    at = person_in(sentence, "Rui Sato", others=("Ken Ito",))
    assert title_words_before(at) == (["and", "Energy", "Minister"], None, None)


def test_a_plural_title_is_shared_by_the_next_names():
    sentence = "Presidents Ama Diallo of Guinea and Kofi Asante of Ghana met."
    at = person_in(sentence, "Kofi Asante", others=("Ama Diallo",))
    assert shared_title(at.before, at.countries, at.others, OFFSET) == "President"
    # Words that are neither names nor countries break the list.
    at = person_in("Presidents often disagree, said Kofi Asante.", "Kofi Asante")
    assert shared_title(at.before, at.countries, at.others, OFFSET) is None


def test_the_country_after_of_belongs_to_the_name():
    at = person_in("Prime Minister Ana Ruiz of Peru spoke.", "Ana Ruiz")
    assert country_after_of(at, nothing_yet("Ana Ruiz")) == PersonReading("Ana Ruiz", None, "PER", "of")
    # A country read before the name stays.
    known = PersonReading("Ana Ruiz", None, "CHL", "possessive")
    assert country_after_of(at, known) == known


# ---------------------------------------------------------------- a title set off by a comma before the name


def test_a_lower_case_title_after_a_possessive():
    at = person_in("Chile's new mining minister, Tomas Araya, spoke.", "Tomas Araya")
    assert owned_title_before_comma(at, nothing_yet("Tomas Araya")) == PersonReading(
        "Tomas Araya", "Mining Minister", "CHL", "possessive", "before")


def test_a_lower_case_title_after_a_demonym():
    at = person_in("The British chancellor, Ruth Hale, spoke.", "Ruth Hale")
    assert owned_title_before_comma(at, nothing_yet("Ruth Hale")) == PersonReading(
        "Ruth Hale", "Chancellor", "GBR", "adjective", "before")


def test_a_counterpart_gives_the_side_and_no_title():
    at = person_in("Ito met his Chinese counterpart, Wang Lei, in Osaka.", "Wang Lei")
    assert owned_title_before_comma(at, nothing_yet("Wang Lei")) == PersonReading(
        "Wang Lei", None, "CHN", "adjective", None)


def test_a_lower_case_title_of_an_international_body_gives_no_country():
    at = person_in("The EU's trade commissioner, Marta Vidal, spoke.", "Marta Vidal")
    assert owned_title_before_comma(at, nothing_yet("Marta Vidal")) == PersonReading(
        "Marta Vidal", "Trade Commissioner", None, "organization", "before")


def test_a_title_after_an_owner_that_is_no_country_is_not_read():
    at = person_in("Acme's new chief minister, Tomas Araya, spoke.", "Tomas Araya")
    assert owned_title_before_comma(at, nothing_yet("Tomas Araya")) == nothing_yet("Tomas Araya")


def test_a_country_that_sent_its_minister():
    at = person_in("Chile sent its mining minister, Tomas Araya, to the talks.", "Tomas Araya")
    assert sent_title_before_comma(at, nothing_yet("Tomas Araya")) == PersonReading(
        "Tomas Araya", "Mining Minister", "CHL", "represented", "before")


def test_a_capitalised_title_before_a_comma_leaves_out_the_country():
    at = person_in("Japan's Finance Minister, Aiko Tanabe, spoke.", "Aiko Tanabe")
    assert capitalised_title_before_comma(at, nothing_yet("Aiko Tanabe")) == PersonReading(
        "Aiko Tanabe", "Finance Minister", "JPN", "appositive", "before")


def test_a_capitalised_title_before_a_comma_drops_the_country_inside_it():
    at = person_in("The President of Peru, Ana Ruiz, spoke.", "Ana Ruiz")
    assert capitalised_title_before_comma(at, nothing_yet("Ana Ruiz")) == PersonReading(
        "Ana Ruiz", "President", "PER", "appositive", "before")


def test_capitalised_words_without_a_title_word_are_no_title():
    at = person_in("After the Lima Summit, Aiko Tanabe spoke.", "Aiko Tanabe")
    assert capitalised_title_before_comma(at, nothing_yet("Aiko Tanabe")) == nothing_yet("Aiko Tanabe")


# ---------------------------------------------------------------- the appositive after the name


def test_the_appositive_phrase_and_where_it_starts():
    sentence = "Rui Sato, Japan's trade minister, said prices rose."
    phrase, start = appositive_phrase(person_in(sentence, "Rui Sato"))
    assert phrase == "Japan's trade minister"
    assert start == OFFSET + sentence.index("Japan")


def test_the_next_item_of_a_list_is_no_appositive():
    assert appositive_phrase(person_in("Rui Sato, and Ken Ito met in Lima.", "Rui Sato")) is None
    sentence = "Rui Sato, Trade Minister Ken Ito and others met."
    assert appositive_phrase(person_in(sentence, "Rui Sato", others=("Ken Ito",))) is None


def test_an_appositive_with_a_country():
    at = person_in("Ruth Hale, Britain's finance minister, spoke.", "Ruth Hale")
    assert read_appositive(at, nothing_yet("Ruth Hale")) == PersonReading(
        "Ruth Hale", "Finance Minister", "GBR", "appositive", "appositive")


def test_an_appositive_of_an_international_body():
    at = person_in("Marta Vidal, the EU's trade commissioner, spoke.", "Marta Vidal")
    assert read_appositive(at, nothing_yet("Marta Vidal")) == PersonReading(
        "Marta Vidal", "Trade Commissioner", None, "organization", "appositive")


def test_an_appositive_title_of_an_international_body_named_after_it():
    at = person_in("China held talks with Marta Vidal, Commissioner for Trade of the European Commission, on Monday.",
                   "Marta Vidal")
    assert read_appositive(at, nothing_yet("Marta Vidal")) == PersonReading(
        "Marta Vidal", "Commissioner for Trade", None, "organization", "appositive")


def test_the_title_before_of_country_in_an_appositive():
    sentence = "Ruth Hale, Chancellor of the Exchequer of the United Kingdom, spoke."
    at = person_in(sentence, "Ruth Hale")
    phrase, start = appositive_phrase(at)
    first = next(c for c in at.countries if c.start >= start)
    assert appositive_with_country(phrase, start, first, nothing_yet("Ruth Hale")) == PersonReading(
        "Ruth Hale", "Chancellor of the Exchequer", "GBR", "appositive", "appositive")


def test_an_appositive_with_a_country_keeps_a_title_read_before():
    at = person_in("Ruth Hale, Britain's finance minister, spoke.", "Ruth Hale")
    known = PersonReading("Ruth Hale", "Chancellor", None, None, "before")
    assert read_appositive(at, known) == PersonReading("Ruth Hale", "Chancellor", "GBR", "appositive", "before")


def test_the_country_s_own_office_belongs_to_the_country_named_last_before_but_not_to_a_capital():
    sentence = "Peru sent a team to Quito, and Rosa Quispe, the country's trade negotiator, led it."
    at = person_in(sentence, "Rosa Quispe")
    assert appositive_own_office(at, "country's trade negotiator", nothing_yet("Rosa Quispe")) == PersonReading(
        "Rosa Quispe", "Trade Negotiator", "PER", "appositive", "appositive")


def test_an_office_without_an_owner_gives_the_title_only():
    sentence = "Peru sent a team, and Rosa Quispe, director-general of the mines bureau, led it."
    at = person_in(sentence, "Rosa Quispe")
    assert read_appositive(at, nothing_yet("Rosa Quispe")) == PersonReading(
        "Rosa Quispe", "Director-general of the Mines Bureau", None, None, "appositive")


# ---------------------------------------------------------------- the country from elsewhere


def test_the_country_that_was_represented_by_the_person():
    at = person_in("Mexico was represented by Finance Secretary Ana Ruiz.", "Ana Ruiz")
    reading = PersonReading("Ana Ruiz", "Finance Secretary", None, None, "before")
    assert represented_country(at, reading) == PersonReading(
        "Ana Ruiz", "Finance Secretary", "MEX", "represented", "before")
    # Someone who speaks for an international body stays without a country.
    official = PersonReading("Ana Ruiz", "Commissioner", None, "organization", "before")
    assert represented_country(at, official) == official


def test_one_country_s_office_gives_the_country():
    reading = PersonReading("Ana Ruiz", "Deputy Treasury Secretary", None, None, "before")
    assert country_from_title(reading) == PersonReading(
        "Ana Ruiz", "Deputy Treasury Secretary", "USA", "title", "before")


def test_any_union_minister_is_india_s():
    reading = PersonReading("Ravi Rao", "Union Minister for Commerce", None, None, "before")
    assert country_from_title(reading).country_iso3 == "IND"


def test_a_longer_title_that_contains_a_country_s_office_is_not_that_office():
    reading = PersonReading("Li Wei", "International Trade Representative", None, None, "appositive")
    assert country_from_title(reading) == reading


def test_a_title_of_an_international_body_gives_no_country():
    reading = PersonReading("Ana Ruiz", "European Commission President", None, None, "before")
    assert country_from_title(reading) == PersonReading(
        "Ana Ruiz", "European Commission President", None, "organization", "before")


# ---------------------------------------------------------------- the readers together


def test_read_person_cleans_the_title_before_the_name():
    sentence = "Yesterday Prime Minister of Japan Aiko Tanabe arrived in Lima."
    at = person_in(sentence, "Aiko Tanabe")
    assert read_person(at.person, sentence, OFFSET, list(at.countries)) == PersonReading(
        "Aiko Tanabe", "Prime Minister", "JPN", "adjective", "before")


def test_read_person_takes_a_title_before_a_comma_only_when_no_capitalised_word_stands_before():
    sentence = "Chile sent its mining minister, Tomas Araya, to the talks."
    at = person_in(sentence, "Tomas Araya")
    assert read_person(at.person, sentence, OFFSET, list(at.countries)) == PersonReading(
        "Tomas Araya", "Mining Minister", "CHL", "represented", "before")


def test_read_person_shares_a_plural_title_and_reads_the_country_after_of():
    sentence = "Presidents Ama Diallo of Guinea and Kofi Asante of Ghana met."
    at = person_in(sentence, "Kofi Asante", others=("Ama Diallo",))
    assert read_person(at.person, sentence, OFFSET, list(at.countries), list(at.others)) == PersonReading(
        "Kofi Asante", "President", "GHA", "of", "before")


def test_a_name_with_accented_capitals_after_a_title_of_an_organisation_is_a_person():
    text = "Vice President of the European Commission Maroš Šefčovič put his name to an accord with Ukraine."
    found = find_titled_people(text, [], [])
    assert [(m.text, text[m.start:m.end]) for m in found] == [("Maroš Šefčovič", "Maroš Šefčovič")]


def test_a_company_after_a_title_is_no_person():
    text = "It was attended by Tom Reid, chairman of Western Strategic Materials, Ana Cruz, managing director at Delta Ores."
    found = find_titled_people(text, [], [])
    assert [m.text for m in found if "Materials" in m.text] == []
