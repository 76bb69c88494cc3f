"""How news is written, one phenomenon at a time: each test extracts from a few sentences of our
own and checks the rows a reader can verify by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pipeline.extract.batch import extract_articles
from pipeline.ingest.readers import article_id


def extract(body: str, published: str):
    """The three extracted tables for one article."""
    row = {"article_id": article_id(body), "published_date": dt.date.fromisoformat(published), "body": body}
    return extract_articles([row])


def meetings_of(body: str, published: str) -> list[dict]:
    """Each meeting with its participants as plain sets, in text order."""
    meetings, participants, _ = extract(body, published)
    out = []
    for m in meetings.sort("char_start").iter_rows(named=True):
        parts = participants.filter(pl.col("meeting_mention_id") == m["mention_id"])
        m["countries"] = set(parts.filter(pl.col("country_iso3").is_not_null())["country_iso3"])
        m["people"] = {r["name"]: (r["country_iso3"], r["role"])
                       for r in parts.filter(pl.col("participant_kind") == "person").iter_rows(named=True)}
        m["organizations"] = set(parts.filter(pl.col("participant_kind") == "organization")["name"])
        out.append(m)
    return out


def restrictions_of(body: str, published: str) -> set[tuple]:
    _, _, restrictions = extract(body, published)
    return {(r["imposing_iso3"], r["target_iso3"], r["mineral_id"], r["measure"], r["action"],
             str(r["announced_date"]) if r["announced_date"] else None, r["date_precision"])
            for r in restrictions.iter_rows(named=True)}


def only(rows: list[dict]) -> dict:
    assert len(rows) == 1, rows
    return rows[0]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("sentence, published, date, precision", [
    ("The finance ministers of Japan and Canada met in Ottawa on Monday.", "2025-03-05", "2025-03-03", "day"),
    ("On March 6, Tokyo said its trade minister had met Canada's trade minister in Ottawa the previous day.",
     "2025-03-07", "2025-03-05", "day"),
    ("The leaders of France and Brazil met in Paris last June.", "2026-01-09", "2025-06-01", "month"),
    ("Foreign ministers of India and Japan met in Tokyo in April of last year.", "2026-01-13", "2025-04-01", "month"),
    ("Ministers from Chile and Argentina met in Santiago earlier this month.", "2025-02-25", "2025-02-01", "month"),
    ("The G7 leaders met in Kananaskis on June 15-17.", "2025-06-20", "2025-06-15", "day"),
    ("Officials from Australia and Indonesia met in Jakarta in 2023.", "2025-05-01", "2023-01-01", "year"),
])
def test_meeting_dates_resolve_against_the_published_date(sentence, published, date, precision):
    m = only(meetings_of(sentence, published))
    assert (str(m["start_date"]), m["date_precision"]) == (date, precision)


def test_next_week_is_a_scheduled_meeting_without_a_day():
    m = only(meetings_of("U.S. President Donald Trump will meet Chinese President Xi Jinping in South Korea "
                         "next week.", "2025-10-21"))
    assert m["status"] == "scheduled"
    assert (m["start_date"], m["date_precision"]) == (None, None)
    assert m["countries"] == {"USA", "CHN"}
    assert m["country_iso3"] == "KOR"


def test_restriction_reported_long_after_keeps_its_own_year():
    rows = restrictions_of("Chinese export controls on graphite, which Beijing imposed in 2023, are still "
                           "in force, traders said on Tuesday.", "2026-02-10")
    assert rows == {("CHN", None, "graphite", "licensing_requirement", "imposed", "2023-01-01", "year")}


# ---------------------------------------------------------------- people


def test_title_before_the_name_gives_role_and_country():
    m = only(meetings_of("Italy's Finance Minister Giancarlo Giorgetti met Japanese Finance Minister Katsunobu "
                         "Kato in Rome on Friday.", "2025-05-10"))
    assert m["people"] == {"Giancarlo Giorgetti": ("ITA", "Finance Minister"),
                           "Katsunobu Kato": ("JPN", "Finance Minister")}
    assert m["countries"] == {"ITA", "JPN"}


def test_title_after_the_name_in_an_appositive():
    m = only(meetings_of("Giorgetti, Italy's finance minister, held talks with Lars Klingbeil, Germany's "
                         "finance minister, in Berlin on Thursday.", "2025-09-12"))
    assert m["people"]["Giorgetti"][0] == "ITA"
    assert m["people"]["Lars Klingbeil"] == ("DEU", "Finance Minister")


def test_later_mentions_by_surname_are_the_same_person():
    body = ("South Korea's Deputy Prime Minister Koo Yun-cheol arrived in Washington on Sunday. "
            "On Monday Koo met U.S. Treasury Secretary Scott Bessent at the Treasury.")
    m = only(meetings_of(body, "2026-01-13"))
    assert set(m["people"]) == {"Koo Yun-cheol", "Scott Bessent"}
    assert m["people"]["Koo Yun-cheol"] == ("KOR", "Deputy Prime Minister")
    assert str(m["start_date"]) == "2026-01-12"


def test_names_written_in_capitals():
    m = only(meetings_of("Korean Finance Minister KOO Yun-Cheol met Australian Treasurer Jim Chalmers in "
                         "Canberra on Tuesday.", "2026-02-05"))
    assert m["people"]["KOO Yun-Cheol"][0] == "KOR"
    assert m["countries"] == {"KOR", "AUS"}


# ---------------------------------------------------------------- groups and lists


@pytest.mark.parametrize("group", ["G7", "G-7", "Group of Seven nations"])
def test_groups_expand_into_their_members(group):
    m = only(meetings_of(f"Finance ministers of the {group} met in Niigata on Saturday.", "2023-05-15"))
    assert m["countries"] == {"USA", "GBR", "JPN", "FRA", "DEU", "ITA", "CAN"}
    assert m["meeting_format"] == "multilateral"


def test_the_quad_and_a_list_of_countries():
    m = only(meetings_of("Foreign ministers of the Quad met in Tokyo on Tuesday, and officials from "
                         "Australia, India, Mexico and South Korea joined a session on minerals.", "2024-07-31"))
    assert m["countries"] == {"USA", "AUS", "IND", "JPN", "MEX", "KOR"}


def test_a_count_of_countries_adds_no_country():
    m = only(meetings_of("Finance ministers from 12 countries met in Washington on Monday, hosted by "
                         "Treasury Secretary Scott Bessent.", "2026-01-13"))
    assert m["countries"] == {"USA"}


def test_the_european_commission_is_an_organisation():
    m = only(meetings_of("Ministers from Canada and Japan and the European Commission met in Brussels "
                         "on Friday.", "2025-04-12"))
    assert m["organizations"] == {"European Commission"}
    assert m["countries"] == {"CAN", "JPN"}


# ---------------------------------------------------------------- several meetings, invitations


def test_a_bilateral_on_the_sidelines_of_a_summit_is_its_own_meeting():
    body = ("G7 leaders met in Kananaskis on Monday. On the sidelines of the summit, Canadian Prime Minister "
            "Mark Carney met Indian Prime Minister Narendra Modi.")
    ms = meetings_of(body, "2025-06-17")
    assert [m["meeting_format"] for m in ms] == ["multilateral", "bilateral"]
    assert ms[1]["countries"] == {"CAN", "IND"}


def test_an_invited_country_is_not_a_participant():
    body = ("Treasury Secretary Scott Bessent will host finance ministers from Japan and Canada in Washington "
            "on Monday. India was also invited, he said.")
    m = only(meetings_of(body, "2026-01-09"))
    assert m["countries"] == {"USA", "JPN", "CAN"}
    assert m["status"] == "scheduled"
    assert str(m["start_date"]) == "2026-01-12"


def test_an_agreement_or_a_negotiation_is_not_a_meeting():
    body = ("Australia signed a critical minerals agreement with the United States in October. "
            "Malaysia is in talks with China on rare earth processing.")
    assert meetings_of(body, "2025-11-01") == []


# ---------------------------------------------------------------- restrictions


def test_a_list_of_minerals_gives_one_row_each():
    rows = restrictions_of("China said on Tuesday it would ban exports of gallium, germanium and antimony "
                           "to the United States.", "2024-12-04")
    assert rows == {("CHN", "USA", m, "export_prohibition", "imposed", "2024-12-03", "day")
                    for m in ("gallium", "germanium", "antimony")}


def test_a_count_is_kept_as_item_count():
    _, _, r = extract("On Friday China imposed export controls on seven medium and heavy rare earths.",
                      "2025-04-05")
    row = only(r.to_dicts())
    assert (row["mineral_id"], row["item_count"], row["measure"]) == ("heavy_rare_earth_elements", 7,
                                                                      "licensing_requirement")
    assert row["mineral_phrase"] == "seven medium and heavy rare earths"


@pytest.mark.parametrize("sentence, measure, action", [
    ("Indonesia banned exports of nickel ore in January 2020.", "export_prohibition", "imposed"),
    ("China introduced export licences for graphite in October 2023.", "licensing_requirement", "imposed"),
    ("Congo replaced its cobalt export halt with export quotas in October 2025.", "export_quota", "imposed"),
    ("Indonesia imposed an export tax on nickel pig iron in March 2025.", "export_tax", "imposed"),
    ("Malaysia restricted exports of bauxite in January 2016.", "unspecified", "imposed"),
    ("China expanded its export controls on rare earths in October 2025.", "licensing_requirement", "expanded"),
    ("Congo lifted its ban on cobalt exports in October 2025.", "export_prohibition", "lifted"),
])
def test_every_measure_and_action(sentence, measure, action):
    rows = restrictions_of(sentence, "2026-01-05")
    assert {(r[3], r[4]) for r in rows} >= {(measure, action)}


def test_a_suspension_is_its_own_row_linked_to_the_measure_it_pauses():
    rows = restrictions_of("On Sunday China suspended the ban on exports of gallium to the United States "
                           "that it had imposed last December.", "2025-11-10")
    assert rows == {("CHN", "USA", "gallium", "export_prohibition", "suspended", "2025-11-09", "day"),
                    ("CHN", "USA", "gallium", "export_prohibition", "imposed", "2024-12-01", "month")}


@pytest.mark.parametrize("sentence", [
    "China could restrict exports of rare earths if talks fail, analysts warned.",
    "Beijing is considering export curbs on lithium battery technology.",
    "The United States imposed a 25% tariff on imports of graphite from China.",
    "Critics accuse China of weaponization of its rare earth exports.",
    "The ministry denied that it had banned exports of germanium.",
    "The Philippines proposed a ban on nickel ore exports, but lawmakers dropped it.",
    "Malaysia agreed to refrain from banning exports of rare earths to the United States.",
])
def test_threats_proposals_tariffs_and_denials_are_not_restrictions(sentence):
    assert restrictions_of(sentence, "2025-06-01") == set()


def test_evidence_offsets_point_at_the_sentence():
    body = "Markets were calm.\n\nChina banned exports of antimony to the United States on December 3, 2024."
    _, _, r = extract(body, "2024-12-05")
    row = r.row(0, named=True)
    assert body[row["char_start"]:row["char_end"]] == row["evidence_text"]
    assert row["evidence_text"].startswith("China banned exports of antimony")


def test_an_article_too_long_for_spacy_is_reported_and_the_others_are_read():
    from pipeline.extract.language import load_nlp

    failed = []
    huge = "lorem " * (load_nlp().max_length // 6 + 1)
    articles = [{"article_id": "a" * 16, "published_date": None, "body": huge},
                {"article_id": "b" * 16, "published_date": dt.date(2023, 7, 5),
                 "body": "China imposed export controls on gallium and germanium on July 3, 2023."}]
    meetings, participants, restrictions = extract_articles(articles, on_failure=lambda a, why: failed.append((a["article_id"], why)))
    assert [(i, why.split(":")[0]) for i, why in failed] == [
        ("a" * 16, f"is {len(huge):,} characters long, over the 1,000,000 spaCy reads")]
    assert sorted(restrictions["mineral_id"]) == ["gallium", "germanium"]
    assert set(restrictions["article_id"]) == {"b" * 16}


def test_one_meeting_told_after_another_is_two_meetings():
    found = meetings_of("The trade talks in Geneva come a few days after the presidents of Peru and Canada held "
                        "telephone talks.", "2025-06-10")
    assert [m["city"] for m in found] == ["Geneva", None]
    assert found[1]["countries"] == {"PER", "CAN"}


def test_a_meeting_arranged_after_a_call_is_two_meetings():
    found = meetings_of("Ghana's mines minister will meet Canadian Energy Minister Tim Hodgson next week. She said the "
                        "meeting was set up after a phone call between Ghanaian President John Mahama "
                        "and Canadian Prime Minister Mark Carney.", "2025-10-16")
    assert [set(m["people"]) for m in found] == [{"Tim Hodgson"}, {"John Mahama", "Mark Carney"}]


def test_a_meeting_followed_by_another_is_two_meetings():
    found = meetings_of("The summit of Japan and Chile was held in Tokyo in July, followed by the Japanese "
                        "premier's meeting with the Chilean president in Santiago in September.", "2025-10-01")
    assert [(m["city"], m["start_date"].month) for m in found] == [("Tokyo", 7), ("Santiago", 9)]


def test_a_leaders_spouse_travelling_along_is_no_participant():
    found = only(meetings_of("President Park Min-jun of South Korea, accompanied by first lady Han Seo-yeon, met "
                             "President Nurlan Abenov of Kazakhstan in Astana on Tuesday.", "2025-06-12"))
    assert "Han Seo-yeon" not in found["people"] and found["countries"] == {"KOR", "KAZ"}


def test_a_signing_by_named_ministers_is_a_meeting_of_theirs():
    found = meetings_of("On Friday came the signing of a declaration on cobalt at the foreign ministry in Accra by "
                        "Togo's foreign minister Kofi Agbeko and Benin counterpart Adjoa Mensah Kodzo.", "2025-04-26")
    meeting = only(found)
    assert meeting["countries"] == {"TGO", "BEN"}
    assert meeting["people"] == {"Kofi Agbeko": ("TGO", "Foreign Minister"), "Adjoa Mensah Kodzo": ("BEN", None)}
    assert meetings_of("The two countries signed a cobalt deal, officials said.", "2025-04-26") == []


def test_a_country_of_a_post_held_before_is_no_party():
    meeting = only(meetings_of("US Deputy Secretary of State Mark Harlow, who previously served as US ambassador to "
                               "Mexico, signed the agreement with Chilean Foreign Minister Ana Soto in a Santiago "
                               "ceremony on Thursday.", "2025-06-13"))
    assert (meeting["countries"], meeting["meeting_format"]) == ({"USA", "CHL"}, "bilateral")


def test_a_first_meeting_still_to_come_is_between_the_countries_just_named_and_is_not_the_signing():
    body = ("LIMA - Peru and Canada have signed an accord on copper cooperation, Peru's foreign ministry said "
            "on Thursday.\n\nThe first meeting will take place in the coming weeks, it said.\n\n"
            "Canadian Trade Minister Ann Lee met Peruvian Foreign Minister Jorge Ruiz "
            "in Lima before the signing.")
    first, signing = meetings_of(body, "2026-03-13")
    assert first["countries"] == {"PER", "CAN"} and first["people"] == {}
    assert signing["people"] == {"Ann Lee": ("CAN", "Trade Minister"), "Jorge Ruiz": ("PER", "Foreign Minister")}


def test_who_acts_on_the_margins_of_a_meeting_with_no_meeting_of_their_own_is_at_it():
    body = ("Today, on the margins of the G20 Trade Ministers' Meeting in Cape Town, the Honourable Rhea Dunn, "
            "Minister of Mines, announced funding for three smelters.")
    meeting = only(meetings_of(body, "2025-09-04"))
    assert {name: role for name, (_, role) in meeting["people"].items()} == {"Rhea Dunn": "Minister of Mines"}
    assert meeting["start_date"] == dt.date(2025, 9, 4)


def test_the_next_summit_is_a_meeting_of_its_own_not_the_one_reported():
    body = ("Trade ministers of the G7 met in Ottawa today to discuss lithium and copper.\n\n"
            "A Canadian official said Italy will host the next G7 trade ministers' meeting.")
    today, following = meetings_of(body, "2025-07-01")
    assert today["start_date"] == dt.date(2025, 7, 1) and today["city"] == "Ottawa"
    assert following["start_date"] is None and len(following["countries"]) == 7


def test_a_place_in_a_since_clause_is_not_where_the_meeting_was():
    body = ("The leaders of Peru and the United States held talks by telephone on Monday, their first since "
            "the president moved back into the White House.")
    meeting = only(meetings_of(body, "2025-06-10"))
    assert meeting["countries"] == {"USA", "PER"} and meeting["city"] is None and meeting["country_iso3"] is None


def test_the_call_that_took_place_on_a_day_dates_the_call_told_before():
    body = ("The trade talks come a few days after the presidents of Chile and Peru held their first telephone "
            "talks.\n\nOfficials said the call, which was held on Thursday, went well.")
    call = [m for m in meetings_of(body, "2025-06-09") if m["start_date"] is not None]
    assert [(m["start_date"], m["countries"]) for m in call] == [(dt.date(2025, 6, 5), {"CHL", "PER"})]


LEAD_DAY = ("LIMA - Chile and Peru sealed a copper supply pact on Friday, after months of work by their officials."
            "\n\n\"This is a good day for the Andes,\" the Chilean minister told reporters in the Peruvian capital.\n\n"
            "{between}Chile's mining minister Ana Soto and Peru's trade minister Luis Vega met at the foreign ministry "
            "to sign the pact.")


def test_a_meeting_where_the_report_was_filed_with_no_day_of_its_own_takes_the_day_the_opening_tells():
    meeting = only(meetings_of(LEAD_DAY.format(between=""), "2025-07-19"))
    assert (meeting["start_date"], meeting["city"]) == (dt.date(2025, 7, 18), "Lima")


def test_the_opening_day_dates_nothing_once_the_article_has_told_another_day():
    body = LEAD_DAY.format(between="Copper prices fell by 3% in London trading on Wednesday. Traders expect more falls.\n\n")
    assert only(meetings_of(body, "2025-07-19"))["start_date"] != dt.date(2025, 7, 18)


def test_what_a_leader_does_after_the_summit_is_another_meeting_on_the_summits_day():
    body = ("Chilean President Ana Soto and Peru's President Luis Vega on Monday held summit talks in Lima on "
            "copper and lithium.\n\nAfter the summit, Soto is to join a reception hosted by Peruvian "
            "Foreign Minister Rosa Diaz.")
    summit, dinner = meetings_of(body, "2025-06-09")
    assert set(summit["people"]) == {"Ana Soto", "Luis Vega"}
    assert set(dinner["people"]) == {"Ana Soto", "Rosa Diaz"} and dinner["start_date"] == dt.date(2025, 6, 9)


def test_the_meeting_told_as_the_meeting_is_between_the_people_the_opening_names_together():
    body = ("LIMA - President Rosa Diaz and Chilean Trade Minister Ana Soto agreed on a plan to expand copper "
            "trade.\n\nDuring the meeting, Soto said Chile wanted to buy more refined copper from Peru.")
    assert set(only(meetings_of(body, "2025-06-09"))["people"]) == {"Ana Soto", "Rosa Diaz"}


@pytest.mark.parametrize("sentence, people", [
    ("Chilean Trade Minister Ana Soto noted that the Chile-Peru summit was held in Lima in July.", set()),
    ("Chilean Trade Minister Ana Soto said she met Peru's trade minister Luis Vega in Lima in July.",
     {"Ana Soto", "Luis Vega"}),
    # the report runs to the sentence's end, past the full stop of an abbreviation
    ("Chilean Trade Minister Ana Soto said talks were held with U.S. officials in Lima in July "
     "and that she led her country's side.", {"Ana Soto"}),
])
def test_who_only_reports_a_meeting_is_not_at_it(sentence, people):
    assert set(only(meetings_of(sentence, "2025-10-21"))["people"]) == people


@pytest.mark.parametrize("quote", [
    "\"The talks will be tense,\" said Mei Tan, an analyst at Harbour Research.",
    "\"The talks will be tense,\" said Harbour Research analyst Mei Tan.",
    "\"The talks will be tense,\" said economist Mei Tan.",
])
def test_who_comments_on_a_meeting_is_not_at_it(quote):
    body = ("Chile widened its curbs on copper exports on Monday, days before a planned meeting between Chilean "
            "Trade Minister Ana Soto and Peru's trade minister Luis Vega in Lima.\n\n" + quote)
    assert set(only(meetings_of(body, "2025-10-21"))["people"]) == {"Ana Soto", "Luis Vega"}


def test_the_day_of_what_came_days_before_a_meeting_is_not_the_meetings():
    body = ("Chile widened its curbs on copper exports on Monday, days before a planned meeting between Chilean "
            "Trade Minister Ana Soto and Peru's trade minister Luis Vega in Lima.")
    assert only(meetings_of(body, "2025-10-21"))["start_date"] is None
