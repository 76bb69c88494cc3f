"""The lifecycle of a restriction step (restriction_lifecycle.py, SPEC restriction_mentions): effective and
end dates, product stage and legal instrument, read from whole sentences of our own through the real
reader, and the date arithmetic on its own."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.dates import find_dates
from pipeline.extract.extract import read_article
from pipeline.extract.language import load_nlp
from pipeline.extract.restriction_lifecycle import _plus, product_stage

PUBLISHED = dt.date(2026, 2, 12)   # a Thursday


def rows(body: str, published: dt.date = PUBLISHED) -> list[tuple]:
    """(mineral, measure, action, announced, effective, end, stage, instrument) of every restriction row."""
    found = read_article("t", load_nlp()(body), published).restrictions
    return sorted((r["mineral_id"], r["measure"], r["action"], r["announced_date"], r["effective_date"], r["end_date"],
                   r["product_stage"], r["legal_instrument"]) for r in found)


def test_a_future_effective_date_is_kept_apart_from_the_announcement_in_one_row():
    assert rows("Beijing said on February 10 that export licences for tungsten would be required from 1 January 2027.") == [
        ("tungsten", "licensing_requirement", "imposed", dt.date(2026, 2, 10), dt.date(2027, 1, 1), None, None, None)]


def test_a_ban_told_only_by_the_day_it_took_effect_is_dated_by_that_day_in_both_columns():
    # no announcement day is told: announced_date is the step's day as stated (as the shared gold dates it)
    assert rows("Indonesia banned exports of raw nickel ore from January 1, 2020.") == [
        ("nickel", "export_prohibition", "imposed", dt.date(2020, 1, 1), dt.date(2020, 1, 1), None, "ore", None)]


def test_a_suspension_until_a_day_ends_then():
    assert rows("On February 11 China suspended its ban on gallium exports to the United States until "
                "November 27, 2026.") == [
        ("gallium", "export_prohibition", "suspended", dt.date(2026, 2, 11), None, dt.date(2026, 11, 27), None, None)]


def test_a_halt_for_a_number_of_months_ends_that_many_months_after_it_starts():
    [row] = rows("The DR Congo halted cobalt exports for four months on February 22, 2025.")
    assert row[2:6] == ("imposed", dt.date(2025, 2, 22), None, dt.date(2025, 6, 22))


def test_an_instrument_number_is_never_read_as_a_date():
    [row] = rows("China's commerce ministry said on 9 October 2025 in Announcement No. 61 of 2025 that exports of "
                 "holmium would need licences.")
    assert row[3] == dt.date(2025, 10, 9)
    assert row[7] == "Announcement No. 61 of 2025"
    assert [d.text for d in find_dates("Announcement No. 61 of 2025 covers holmium.", PUBLISHED)] == []


def test_immediate_effect_starts_on_the_day_announced():
    [row] = rows("Zimbabwe banned exports of lithium concentrates with immediate effect on Tuesday.")
    assert row[3:7] == (dt.date(2026, 2, 10), dt.date(2026, 2, 10), None, "concentrate")


def test_a_quota_that_replaces_a_halt_lifts_the_halt_and_ends_with_its_year():
    found = rows("Guinea halted bauxite exports on 3 March 2025. On 14 October 2025 it replaced the halt with an "
                 "export quota for 2026.")
    assert found == [
        ("bauxite", "export_prohibition", "imposed", dt.date(2025, 3, 3), None, None, None, None),
        ("bauxite", "export_prohibition", "lifted", dt.date(2025, 10, 14), None, None, None, None),
        ("bauxite", "export_quota", "imposed", dt.date(2025, 10, 14), None, dt.date(2026, 1, 1), None, None)]


def test_a_suspension_that_ends_on_a_day_lifts_it_then():
    found = rows("The DR Congo halted cobalt exports on 22 February 2025. On September 21 it said the halt would "
                 "end on October 16 and be replaced by export quotas.", dt.date(2025, 9, 22))
    lifted = [r for r in found if r[2] == "lifted"]
    assert [r[3:6] for r in lifted] == [(dt.date(2025, 9, 21), dt.date(2025, 10, 16), None)]


@pytest.mark.parametrize(("sentence", "mineral", "stage"), [
    ("Jakarta banned exports of unprocessed bauxite.", "bauxite", "ore"),
    ("Beijing restricted exports of graphite anode technology.", "graphite", "technology"),
    ("The ban covers refined cobalt.", "cobalt", "refined"),
    ("The rules cover the extra rare earths, the equipment and technology rules.", "rare earths", None),
    ("The controls cover gallium.", "gallium", None),
])
def test_the_word_next_to_a_mineral_says_its_form(sentence, mineral, stage):
    start = sentence.index(mineral)
    assert product_stage(sentence, 0, start, start + len(mineral), 0, len(sentence)) == stage


@pytest.mark.parametrize(("start", "n", "unit", "end"), [
    (dt.date(2025, 2, 22), 4, "months", dt.date(2025, 6, 22)),
    (dt.date(2025, 1, 31), 1, "month", dt.date(2025, 2, 28)),
    (dt.date(2025, 11, 10), 1, "year", dt.date(2026, 11, 10)),
    (dt.date(2025, 3, 1), 90, "days", dt.date(2025, 5, 30)),
])
def test_a_length_of_time_moves_a_date_on(start, n, unit, end):
    assert _plus(start, n, unit) == end


@pytest.mark.parametrize(("body", "published", "expected"), [
    # a clause of its own saying when the measure started
    ("In early July, China said exporters of gallium would need licences, and the rule took effect on August 1, 2023.",
     dt.date(2023, 9, 1), {"gallium": (dt.date(2023, 8, 1), None)}),
    # "since" dates when the measure took effect; the date of another mineral's clause does not count
    ("Indonesia has banned exports of nickel ore since January 2020, and it plans to stop exports of bauxite in "
     "June 2023.", dt.date(2023, 4, 17), {"nickel": (dt.date(2020, 1, 1), None), "bauxite": (dt.date(2023, 6, 1), None)}),
    # "until 2029 to stop": the ban starts then, it does not end
    ("Gabon gave manganese miners until 2029 to stop exports of raw manganese ore.", dt.date(2025, 6, 3),
     {"manganese": (dt.date(2029, 1, 1), None)}),
])
def test_effective_dates_told_in_the_ways_news_tells_them(body, published, expected):
    found = {r[0]: (r[4], r[5]) for r in rows(body, published)}
    assert {m: found.get(m) for m in expected} == expected


def test_the_date_a_sentence_goes_on_about_is_the_measure_s_own():
    found = rows("BEIJING, July 4 (desk) - Exporters of gallium will need a permit from August 1, 2023, the commerce "
                 "ministry said on Monday. The same notice requires licences for germanium exports.", dt.date(2023, 7, 4))
    assert {r[0]: r[3] for r in found} == {"gallium": dt.date(2023, 7, 3), "germanium": dt.date(2023, 7, 3)}


def test_that_october_package_takes_the_october_date_of_the_sentence_before():
    found = rows("In a statement this evening, China's commerce ministry said it would hold off for one year on the "
                 "export control measures it announced on October 9. That October package had brought two more rare "
                 "earths, holmium and erbium, into the licensing system.", dt.date(2025, 10, 30))
    assert {(r[0], r[2]): (r[3], r[5]) for r in found} == {
        ("holmium", "suspended"): (dt.date(2025, 10, 30), None), ("erbium", "suspended"): (dt.date(2025, 10, 30), None),
        ("holmium", "expanded"): (dt.date(2025, 10, 9), None), ("erbium", "expanded"): (dt.date(2025, 10, 9), None)}


@pytest.mark.parametrize(("after", "effective"), [
    ("Since Friday, exporters have needed a licence to ship them.", dt.date(2025, 4, 4)),
    ("The notice cited national security and took effect immediately.", dt.date(2025, 4, 4)),
    ("The rules take effect on May 1.", dt.date(2025, 5, 1)),
])
def test_a_sentence_without_minerals_says_when_the_measures_just_told_start(after, effective):
    found = rows("On Friday China put seven rare earths under export licences. The seven elements are samarium, "
                 f"gadolinium and terbium. {after}", dt.date(2025, 4, 7))
    assert {r[0]: r[4] for r in found if r[0] in ("samarium", "terbium")} == {"samarium": effective, "terbium": effective}


def test_a_date_told_for_the_next_measure_in_the_sentence_is_not_this_one_s():
    found = rows("Japanese buyers work under the curbs China imposed in 2023 on gallium and under the licences it "
                 "has demanded since April for seven heavy rare earths.", dt.date(2025, 11, 21))
    assert {r[0]: r[4] for r in found} == {"gallium": None, "heavy_rare_earth_elements": dt.date(2025, 4, 1)}


def test_a_list_of_minerals_shares_the_date_it_took_effect():
    found = rows("Since April, Chinese exporters of seven heavy rare earths, and of the magnets containing them, "
                 "have needed a licence for each shipment.", dt.date(2025, 8, 20))
    assert {r[0]: r[4] for r in found} == {"heavy_rare_earth_elements": dt.date(2025, 4, 1),
                                            "rare_earth_magnets": dt.date(2025, 4, 1)}


def test_a_pause_told_in_the_lede_dates_the_suspension_named_later():
    found = rows("A month ago China unveiled sweeping export controls. Since Friday, most of that package has been on "
                 "hold.\n\nOn October 9 China extended licensing to holmium and erbium. After talks in Busan, China "
                 "said it would suspend the October measures on holmium and erbium for a year.", dt.date(2025, 11, 10))
    assert {r[0] for r in found if r[2] == "suspended"} == {"holmium", "erbium"}
    assert {r[4] for r in found if r[2] == "suspended"} == {dt.date(2025, 11, 7)}


def test_measures_introduced_in_a_month_take_the_day_told_for_that_month():
    found = rows("China suspended its expanded export controls on rare earths announced on October 9. According to a "
                 "statement, the suspension applies to a range of measures introduced in October, including tighter "
                 "curbs on graphite and lithium battery materials.", dt.date(2025, 11, 7))
    assert {r[0]: (r[3], r[6]) for r in found if r[2] == "expanded"} == {
        "rare_earth_elements": (dt.date(2025, 10, 9), None), "graphite": (dt.date(2025, 10, 9), None),
        "lithium_battery_materials": (dt.date(2025, 10, 9), None)}


def test_the_day_the_measures_came_into_force_dates_a_ban_told_without_a_day():
    found = rows("The DR Congo will suspend cobalt exports for four months, a newswire said. Congo produces most of "
                 "the world's cobalt. Prices have slumped. The measures came into force on February 22.",
                 dt.date(2025, 2, 25))
    assert [(r[0], r[3], r[4]) for r in found if r[2] == "imposed"][0] == ("cobalt", dt.date(2025, 2, 22), dt.date(2025, 2, 22))


def test_the_imposition_a_pause_acts_on_is_dated_by_a_later_sentence():
    body = ("China suspended its ban on exports of tungsten to the United States on February 10. "
            "The commerce ministry announced the ban in October 2024.")
    found = {(m, action, announced) for m, _, action, announced, *_ in rows(body)}
    assert found == {("tungsten", "suspended", dt.date(2026, 2, 10)), ("tungsten", "imposed", dt.date(2024, 10, 1))}


def test_announcing_the_pause_itself_dates_no_imposition():
    body = ("China suspended its ban on exports of tungsten to the United States. "
            "The commerce ministry announced the suspension in a statement on February 10.")
    assert {action for _, _, action, *_ in rows(body)} == {"suspended"}


def test_minerals_listed_after_a_measure_told_without_them_take_that_measure():
    body = ("Ghana is banning exports of raw minerals. "
            "The list includes lithium, cobalt and graphite, which electric cars need.")
    assert {(m, measure, action, stage) for m, measure, action, _, _, _, stage, _ in rows(body)} == {
        (m, "export_prohibition", "imposed", "ore") for m in ("lithium", "cobalt", "graphite")}


def test_minerals_named_after_a_measure_told_without_them_but_not_listed_as_covered_take_nothing():
    assert rows("Ghana is banning the export of raw minerals. Lithium fetched more a year ago.") == []
    assert rows("Ghana may ban the export of raw minerals. The list includes lithium and cobalt.") == []


@pytest.mark.parametrize("body", [
    "The president said he hoped that exports of copper and tin concentrate would also be stopped next year.",
    "The Philippine senate eyes banning nickel ore exports to build local smelters.",
    "Jakarta wants miners to stop bauxite exports within a year.",
])
def test_a_wish_or_plan_governing_the_clause_states_no_measure(body):
    assert rows(body) == []


def test_a_wish_set_off_by_a_comma_leaves_the_measure_standing():
    assert [r[:3] for r in rows("Beijing, which wants to secure supplies, banned exports of antimony in 2024.")] == [
        ("antimony", "export_prohibition", "imposed")]


def test_a_country_after_in_response_to_is_no_destination():
    found = read_article("t", load_nlp()("Beijing put curbs on exports of rare earth elements earlier in the month, "
                                         "a step it took in response to U.S. tariffs."), PUBLISHED).restrictions
    assert [(r["imposing_iso3"], r["target_iso3"], r["mineral_id"]) for r in found] == [
        ("CHN", None, "rare_earth_elements")]
