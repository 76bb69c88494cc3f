"""How news names people, one phenomenon at a time: who is a person, their title and the country
they stand for, each checked on a few sentences of our own."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span

from pipeline.extract.entities import Mention, find_countries, find_people
from pipeline.extract.people import find_titled_people
from pipeline.extract.person_roles import read_person

from pipeline.extract.article_people import Draft, find_given_names, find_surnames
from pipeline.extract.extract import read_article_parts
from pipeline.extract.language import load_nlp
from tests.unit.extract.test_extraction_phenomena import meetings_of, only


def people_of(body: str, published: str = "2025-06-20") -> dict[str, tuple[str | None, str | None]]:
    """Every person the reader finds in the article: name -> (country, role)."""
    people = read_article_parts("test", load_nlp()(body), dt.date.fromisoformat(published)).people
    return {p.name: (p.country, p.role) for p in people.persons}


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


# ---------------------------------------------------------------- who is a person (second round)


def test_ordinary_words_datelines_and_heading_labels_are_not_people():
    text = ("Tarbes, March 3 - Officials met.\nOutlook: prices may rise.\nShipments are late. "
            "Quotas are shared among producers.")
    doc = load_nlp()(text)
    doc.ents = [doc.char_span(text.index(w), text.index(w) + len(w), label="PERSON")
                for w in ("Tarbes", "Outlook", "Quotas")]
    assert find_people(doc) == []


def test_a_plural_subject_is_no_person_but_the_last_of_two_joined_subjects_is():
    text = "Tariffs were raised in May. Later, Lula and Reeves have met in Brasilia."
    doc = load_nlp()(text)
    doc.ents = [doc.char_span(text.index(w), text.index(w) + len(w), label="PERSON")
                for w in ("Tariffs", "Lula", "Reeves")]
    assert [p.text for p in find_people(doc)] == ["Lula", "Reeves"]


def test_a_title_or_a_list_of_people_marks_a_name_that_spacy_calls_an_organisation():
    text = ("Leaders at the table included Peru's Rosa Quispe, Chile's Tomas Araya Vidal and Ghana's "
            "Kofi Mensah Boateng. Later, Ines Morgado, director-general of the energy agency, spoke.")
    countries = find_countries(text)
    known = [Mention("person", text.index("Rosa"), text.index("Rosa") + len("Rosa Quispe"), "Rosa Quispe", "Rosa Quispe")]
    found = find_titled_people(text, countries, [(known[0].start, known[0].end)], known)
    assert [m.text for m in found] == ["Tomas Araya Vidal", "Kofi Mensah Boateng", "Ines Morgado"]


def test_a_family_name_that_is_an_english_word_links_only_inside_a_sentence():
    body = ("Vice Premier He Lifeng met Canada's trade minister, Dominic LeBlanc, in Ottawa on Monday. "
            "He said the talks went well. LeBlanc thanked He for the visit.")
    people = read_article_parts("test", load_nlp()(body), dt.date(2025, 6, 20)).people
    he = next(p for p in people.persons if p.name == "He Lifeng")
    assert [m.text for m in he.mentions] == ["He Lifeng", "He"]
    assert he.mentions[1].start > body.index("thanked")


def test_a_person_called_by_the_first_word_of_their_name_is_linked_to_it():
    # Family name first ("Yoon Suk Yeol" is Yoon), or a given name used as the name ("Prabowo").
    body = ("South Korean President Yoon Suk Yeol arrived in Jakarta on Monday. Indonesian President Prabowo "
            "Subianto welcomed him at the palace, and Yoon and Prabowo then held talks on nickel.")
    people = read_article_parts("test", load_nlp()(body), dt.date(2025, 6, 20)).people
    mentions = {p.name: [m.text for m in p.mentions] for p in people.persons}
    assert mentions["Yoon Suk Yeol"] == ["Yoon Suk Yeol", "Yoon"]
    assert mentions["Prabowo Subianto"] == ["Prabowo Subianto", "Prabowo"]


def test_a_first_word_two_people_share_links_to_neither():
    body = "Kim Min-jun met Kim Tae-ho and Scott Harper in Seoul. Officials said Kim would return. Scott agreed."
    people = [Draft(i, name, [Mention("person", body.index(name), body.index(name) + len(name), name, name)])
              for i, name in enumerate(["Kim Min-jun", "Kim Tae-ho", "Scott Harper"])]
    find_surnames(people, body)
    assert {p.name: [m.text for m in p.mentions] for p in people} == {
        "Kim Min-jun": ["Kim Min-jun"], "Kim Tae-ho": ["Kim Tae-ho"], "Scott Harper": ["Scott Harper", "Scott"]}


def test_the_first_field_of_a_ministers_office_is_no_person():
    text = "Petroleum and Mines Minister Rahul Verma met his Chilean counterpart in Santiago."
    doc = tagged(text, [("Petroleum", "PERSON"), ("Rahul Verma", "PERSON")])
    assert [m.text for m in find_people(doc)] == ["Rahul Verma"]


# ---------------------------------------------------------------- titles (second round)


def test_a_plural_title_is_shared_by_the_names_it_lists():
    body = ("Presidents Amara Diallo of Guinea and Kwame Asante of Ghana signed the bauxite pact in Accra. "
            "The two countries' mining ministers, Sekou Conde and Ama Owusu, had drafted it.")
    people = people_of(body)
    assert people["Amara Diallo"] == ("GIN", "President")
    assert people["Kwame Asante"] == ("GHA", "President")
    # "the two countries'" lists one person for each, in the order the countries were named.
    assert people["Sekou Conde"] == ("GIN", "Mining Minister")
    assert people["Ama Owusu"] == ("GHA", "Mining Minister")


def test_a_country_that_sent_its_minister():
    people = people_of("Spain sent its industry and trade minister, Jordi Hereu, and Portugal its economy "
                       "minister, Manuel Castro Almeida, to the talks in Ottawa.")
    assert people["Jordi Hereu"] == ("ESP", "Industry and Trade Minister")
    assert people["Manuel Castro Almeida"] == ("PRT", "Economy Minister")


def test_the_title_before_of_country_in_an_appositive_beats_a_shorter_title_later():
    people = people_of("Koo met Rachel Reeves, Chancellor of the Exchequer of the United Kingdom, on Monday. "
                       "He also saw Aiko Tanabe, Minister of Finance of Japan. Minister Tanabe agreed.")
    assert people["Rachel Reeves"] == ("GBR", "Chancellor of the Exchequer")
    assert people["Aiko Tanabe"] == ("JPN", "Minister of Finance")


# ---------------------------------------------------------------- countries (second round)


def test_a_longer_title_that_contains_a_us_office_is_not_that_office():
    people = people_of("China's delegation was led by Vice Premier He Lifeng and included Li Chenggang, the "
                       "country's international trade representative.")
    assert people["Li Chenggang"] == ("CHN", "International Trade Representative")


def test_a_country_before_a_dash_in_a_headline_is_not_the_next_name_s_adjective():
    people = people_of("Trade week in Korea - Trump and Lee talk tariffs\nPresident Donald Trump met "
                       "South Korean President Lee Jae-myung in Gyeongju. The White House called it a success.")
    assert people["Donald Trump"][0] != "KOR"


def test_a_guess_counts_the_places_someone_travels_to_less_than_the_government_they_speak_for():
    body = ("TOKYO, Oct 27 - President Donald Trump landed in Tokyo on Monday. Trump will hold talks with "
            "Japan's prime minister, Sanae Takaichi, on Tuesday, then fly to South Korea. The White House "
            "said he would also see Chinese President Xi Jinping there.")
    people = people_of(body)
    assert people["Donald Trump"][0] == "USA"
    assert people["Sanae Takaichi"] == ("JPN", "Prime Minister")


def test_a_pinyin_name_leans_to_china_when_two_people_meet():
    body = ("The United States and China have argued over chips for years. Since Donald Trump and "
            "Xi Jinping met in Busan, the two sides have eased their curbs.")
    people = people_of(body, "2025-11-20")
    assert people["Donald Trump"][0] == "USA"
    assert people["Xi Jinping"][0] == "CHN"


def test_members_of_one_delegation_are_not_split_between_countries():
    body = ("Japan hosted the ministers in Sapporo, and the sessions were co-chaired by Trade Minister "
            "Hiroshi Ogawa and Environment Minister Kenta Mori. France and Italy also attended.")
    people = people_of(body)
    assert people["Hiroshi Ogawa"][0] == people["Kenta Mori"][0] == "JPN"


def test_a_body_named_in_several_words_owns_a_lower_case_title():
    people = people_of("So have the European Union's internal market commissioner, Thierry Breton, and "
                       "Japan's trade minister, Ken Saito.")
    assert people["Thierry Breton"] == (None, "Internal Market Commissioner")
    assert people["Ken Saito"] == ("JPN", "Trade Minister")


def test_companies_are_not_people():
    text = ("Buyers included Tandem Cobalt and Ferrox, while Kestrel Technologies waited. Orland said "
            "the Orland Rare Earths plant would reopen.")
    doc = tagged(text, [("Tandem Cobalt", "PERSON"), ("Ferrox", "PERSON"), ("Kestrel Technologies", "PERSON"),
                        ("Orland", "PERSON"), ("Orland Rare Earths", "ORG")])
    assert find_people(doc) == []


def test_its_minister_for_something_belongs_to_the_country_named_before():
    people = people_of("Peru did not send its finance minister; Rosa Quispe, its minister for energy and mines, "
                       "attended instead.")
    assert people["Rosa Quispe"] == ("PER", "Minister for Energy and Mines")


def test_a_company_set_off_by_a_company_appositive_or_after_mined_by_is_not_a_person():
    text = ("The ore is mined by Harlan Voss, a Canadian mining consortium, near the border. "
            "Output is refined by Tilde Marrow at the coast.")
    doc = tagged(text, [("Harlan Voss", "PERSON"), ("Tilde Marrow", "PERSON")])
    assert find_people(doc) == []


def test_a_name_between_the_and_a_common_noun_is_a_modifier_not_a_person():
    text = "The Kestrel rail corridor opens in May. Officials of the Morrow administration said so."
    doc = tagged(text, [("Kestrel", "PERSON"), ("Morrow", "PERSON")])
    assert find_people(doc) == []


def test_a_person_after_the_is_kept_when_said_follows():
    text = "Asked about the talks, the Rowan Adebayo said nothing."
    doc = tagged(text, [("Rowan Adebayo", "PERSON")])
    assert [m.text for m in find_people(doc)] == ["Rowan Adebayo"]


def test_a_country_spacy_runs_into_a_name_after_of_is_the_persons_country():
    doc = tagged("Prime Minister Arlan Temirov of Kazakhstan signed the memorandum.",
                 [("Arlan Temirov of Kazakhstan", "PERSON")])
    assert [m.text for m in find_people(doc)] == ["Arlan Temirov"]
    assert people_of("Prime Minister Arlan Temirov of Kazakhstan signed the memorandum with Japan on Monday.")[
        "Arlan Temirov"][0] == "KAZ"


# ---------------------------------------------------------------- full names spaCy did not tag


def drafts_named_by(body: str, *surnames: str) -> list[Draft]:
    """People known by a surname alone, each with one mention at its last place in `body`."""
    return [Draft(i, s, [Mention("person", body.rindex(s), body.rindex(s) + len(s), s, s)])
            for i, s in enumerate(surnames)]


def test_a_surname_takes_the_full_name_the_text_gives_after_a_long_title():
    body = ("The Deputy Secretary for Trade, Energy and Investment Affairs Marlon T. Vesk opened the plant. "
            "Vesk said the deal would last.")
    people = drafts_named_by(body, "Vesk")
    find_given_names(people, body, [])
    assert people[0].name == "Marlon T. Vesk"
    assert [body[m.start:m.end] for m in people[0].mentions] == ["Marlon T. Vesk", "Vesk"]


def test_a_hyphenated_given_name_is_taken_whole():
    body = "President Ilya-Maren Sato of Kiribati arrived late. Sato then spoke."
    people = drafts_named_by(body, "Sato")
    find_given_names(people, body, [])
    assert people[0].name == "Ilya-Maren Sato"


def test_no_given_name_is_a_title_a_month_a_common_word_or_inside_another_entity():
    body = ("Minister Vesk spoke in March. Vesk left. Since Vesk joined, Northern Vesk has grown in northern "
            "towns. The Pacific Vesk Fund paid.")
    people = drafts_named_by(body, "Vesk")
    fund = body.index("Pacific Vesk Fund")
    find_given_names(people, body, [(fund, fund + len("Pacific Vesk Fund"))])
    assert people[0].name == "Vesk" and len(people[0].mentions) == 1


def test_a_title_listing_its_fields_with_commas_is_read_whole_with_the_country_before_it():
    s = "Yesterday Japanese Minister of Economy, Trade and Industry Taro Mizuno flew home."
    name, japanese = s.index("Taro Mizuno"), s.index("Japanese")
    reading = read_person(Mention("person", name, name + len("Taro Mizuno"), "Taro Mizuno", "Taro Mizuno"), s, 0,
                          [Mention("country", japanese, japanese + 8, "Japanese", "JPN", form="demonym")])
    assert (reading.role, reading.country_iso3) == ("Minister of Economy, Trade and Industry", "JPN")


def test_a_comma_that_ends_a_list_of_countries_still_ends_the_title():
    s = "Envoys of Chile, Peru and Bolivia, Minister Ana Ruiz said, would meet."
    name = s.index("Ana Ruiz")
    reading = read_person(Mention("person", name, name + 8, "Ana Ruiz", "Ana Ruiz"), s, 0, [])
    assert reading.role == "Minister"


def test_a_given_name_spacy_left_out_joins_a_two_word_name_but_no_title_does():
    body = "The deal was signed by Ghana's minister and Togo counterpart Adjoa Mensah Kodzo in Lome."
    name = body.index("Mensah Kodzo")
    people = [Draft(0, "Mensah Kodzo", [Mention("person", name, name + 12, "Mensah Kodzo", "Mensah Kodzo")])]
    find_given_names(people, body, [])
    assert people[0].name == "Adjoa Mensah Kodzo" and len(people[0].mentions) == 1
    for title in ("Presidents", "Exchequer", "Vice-Premier", "Yesterday"):
        body = f"{title} Mensah Kodzo spoke."
        people = [Draft(0, "Mensah Kodzo", [Mention("person", len(title) + 1, len(title) + 13, "Mensah Kodzo",
                                                    "Mensah Kodzo")])]
        find_given_names(people, body, [])
        assert people[0].name == "Mensah Kodzo", title


def test_a_lower_case_title_right_before_the_name_after_a_possessive_country():
    s = "The accord was signed by Rwanda's foreign affairs minister Jean Habimana in Washington."
    name = s.index("Jean Habimana")
    rwanda = s.index("Rwanda")
    reading = read_person(Mention("person", name, name + 13, "Jean Habimana", "Jean Habimana"), s, 0,
                          [Mention("country", rwanda, rwanda + 8, "Rwanda's", "RWA", form="possessive")])
    assert (reading.role, reading.country_iso3) == ("Foreign Affairs Minister", "RWA")
    s = "After Japan's talks with trade minister Yoji Muto, prices fell."
    name, japan = s.index("Yoji Muto"), s.index("Japan")
    reading = read_person(Mention("person", name, name + 9, "Yoji Muto", "Yoji Muto"), s, 0,
                          [Mention("country", japan, japan + 7, "Japan's", "JPN", form="possessive")])
    assert reading.role != "Talks With Trade Minister"


def test_an_honorific_or_the_last_field_of_an_office_is_no_part_of_the_name():
    people = people_of("His Excellency Omar Al-Rashed, Deputy Minister of Mining Affairs, met Peruvian Energy Minister "
                       "Rosa Quispe in Lima on Monday. Laotian Minister of Energy and Mines Bounmy Phanthavong joined "
                       "them by video link.")
    assert {"Omar Al-Rashed", "Bounmy Phanthavong", "Rosa Quispe"} <= set(people)
    assert not any(name.startswith(("Excellency", "Mines")) for name in people)


def test_ms_or_mr_and_a_surname_is_the_person_named_in_full_before():
    people = people_of("Foreign Minister Penny Wong met Chinese Foreign Minister Wang Yi in Beijing on Tuesday. Ms Wong "
                       "said the talks on rare earths were frank.")
    assert set(people) == {"Penny Wong", "Wang Yi"}


def test_a_title_for_a_list_of_fields_marks_the_name_after_it_and_a_palace_is_no_person():
    people = people_of("Indonesia's Coordinating Minister for Maritime Affairs and Investment Rizal Pandjaitan met Kazakh "
                       "President Kassym-Jomart Tokayev at the Akorda on Sunday.")
    assert set(people) == {"Rizal Pandjaitan", "Kassym-Jomart Tokayev"}
