"""How news tells export restrictions, one phenomenon at a time: each test extracts from a few
sentences of our own and checks the restriction rows a reader can verify by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.batch import extract_articles
from pipeline.ingest.readers import article_id


def restrictions_of(body: str, published: str) -> set[tuple]:
    """(imposer, target, mineral, measure, action, date, precision) of every restriction row."""
    row = {"article_id": article_id(body), "published_date": dt.date.fromisoformat(published), "body": body}
    _, _, restrictions = extract_articles([row])
    return {(r["imposing_iso3"], r["target_iso3"], r["mineral_id"], r["measure"], r["action"],
             str(r["announced_date"]) if r["announced_date"] else None, r["date_precision"])
            for r in restrictions.iter_rows(named=True)}


# ---------------------------------------------------------------- one sentence, several clauses


def test_each_clause_tells_its_own_step():
    rows = restrictions_of("On Monday Beijing suspended the additional export controls on rare earths it had "
                           "announced in October, but the licences it has required since April for seven medium "
                           "and heavy rare earths remain in place.", "2025-11-12")
    assert rows == {
        ("CHN", None, "rare_earth_elements", "licensing_requirement", "suspended", "2025-11-10", "day"),
        ("CHN", None, "rare_earth_elements", "licensing_requirement", "expanded", "2025-10-01", "month"),
        ("CHN", None, "heavy_rare_earth_elements", "licensing_requirement", "imposed", "2025-04-01", "month"),
    }


def test_a_destination_belongs_to_its_own_clause_and_market_power_is_no_measure():
    rows = restrictions_of("In May, Chile banned exports of lithium concentrate to Japan, and it still controls "
                           "much of the world's copper.", "2025-06-02")
    assert rows == {("CHL", "JPN", "lithium", "export_prohibition", "imposed", "2025-05-01", "month")}


@pytest.mark.parametrize("sentence", [
    "Vietnam on Friday banned the export of technology used to refine rare earths.",
    "Thailand promised not to ban exports of tin to Korea, nor to subject them to quotas.",
])
def test_technology_and_pledges_are_not_mineral_restrictions(sentence):
    assert restrictions_of(sentence, "2025-06-02") == set()


def test_what_a_restricted_mineral_is_used_for_is_not_restricted_itself():
    rows = restrictions_of("Vietnam on Friday banned exports of terbium, which goes into the manufacture of "
                           "permanent magnets.", "2025-06-02")
    assert {r[2] for r in rows} == {"terbium"}


def test_a_mineral_in_demand_is_not_restricted_with_the_one_that_is():
    rows = restrictions_of("Malaysia halted bauxite exports to Japan amid tighter Chinese export controls and strong "
                           "demand for metals such as neodymium.", "2025-06-02")
    assert {(r[0], r[2]) for r in rows} == {("MYS", "bauxite")}


def test_raising_prices_is_not_lifting_a_measure():
    rows = restrictions_of("Congo halted cobalt exports in February to lift prices.", "2025-06-01")
    assert rows == {("COD", None, "cobalt", "export_prohibition", "imposed", "2025-02-01", "month")}


# ---------------------------------------------------------------- who imposes


def test_curbs_a_country_placed_on_a_mineral_need_no_word_export():
    rows = restrictions_of("Mining shares fell. Car makers still struggle with the curbs Beijing imposed in "
                           "2023 on gallium and germanium.", "2025-06-02")
    assert rows == {("CHN", None, m, "unspecified", "imposed", "2023-01-01", "year") for m in ("gallium", "germanium")}


def test_a_country_acting_after_the_cue_is_the_imposer():
    rows = restrictions_of("Tokyo is worried. A wider set of rare earth export controls unveiled in October is "
                           "on hold, after China suspended it earlier this month.", "2025-11-20")
    assert {(r[0], r[4]) for r in rows} == {("CHN", "suspended"), ("CHN", "expanded")}


def test_exporters_of_a_country_are_restricted_by_that_country():
    rows = restrictions_of("Talks between Canada and Mexico went on in Ottawa. Since March, Chinese firms have "
                           "needed a licence to ship graphite abroad.", "2025-06-02")
    assert {r[:5] for r in rows} == {("CHN", None, "graphite", "licensing_requirement", "imposed")}


def test_its_government_is_the_government_just_named():
    rows = restrictions_of("Washington signed a minerals deal on Friday, the US said. Washington wants lithium. "
                           "Bolivia holds large lithium reserves. Its government banned lithium carbonate exports "
                           "in May.", "2025-06-02")
    assert rows == {("BOL", None, "lithium", "export_prohibition", "imposed", "2025-05-01", "month")}


def test_a_heading_without_a_verb_states_no_measure():
    assert restrictions_of("Washington signed a minerals deal with Ottawa on Friday, the US said.\n\n"
                           "New tin export curbs\n\nThe talks ended.", "2025-06-02") == set()


# ---------------------------------------------------------------- later steps told without the mineral


def test_several_steps_of_one_measure_in_one_sentence():
    rows = restrictions_of("Guinea's mines ministry stopped bauxite exports in March to lift prices, prolonged "
                           "the halt in May, and in early August lifted it and brought in export quotas in "
                           "its place.", "2025-09-01")
    assert {r[:6] for r in rows} == {
        ("GIN", None, "bauxite", "export_prohibition", "imposed", "2025-03-01"),
        ("GIN", None, "bauxite", "export_prohibition", "expanded", "2025-05-01"),
        ("GIN", None, "bauxite", "export_prohibition", "lifted", "2025-08-01"),
    }


def test_a_step_names_the_measure_by_its_month():
    rows = restrictions_of("In March Hanoi required licences for exports of tungsten. In June it added licences "
                           "for antimony exports. On Friday Vietnam paused the March licences for a year.",
                           "2025-07-14")
    assert ("VNM", None, "tungsten", "licensing_requirement", "suspended", "2025-07-11", "day") in rows
    assert not any(r[2] == "antimony" and r[4] == "suspended" for r in rows)


def test_a_step_told_before_the_measure_it_acts_on():
    rows = restrictions_of("Ankara said on Tuesday it would hold off on the export measures it announced in "
                           "April. Those measures had put boron and chromium under export licences.", "2025-07-10")
    assert {(r[2], r[4]) for r in rows} >= {("boron", "suspended"), ("chromium", "suspended")}


@pytest.mark.parametrize("text", [
    "Lima banned zinc exports in 2024. Officials expected the government to lift the ban soon.",
    "Lima banned zinc exports in 2024. Washington, for its part, tightened its own restrictions on chip sales.",
    "Lima banned zinc exports in 2024. No one has yet removed it from the statute book.",
])
def test_wishes_denials_and_other_governments_take_no_step(text):
    rows = restrictions_of(text, "2025-07-10")
    assert {r[4] for r in rows} == {"imposed"}


# ---------------------------------------------------------------- one measure, one measure and date


def test_members_named_after_their_group_keep_the_groups_measure_and_date():
    rows = restrictions_of("Beijing on Friday announced export controls on heavy rare earths. The commerce ministry "
                           "announced export restrictions on two elements, namely terbium and dysprosium.", "2025-04-07")
    assert rows == {("CHN", None, m, "licensing_requirement", "imposed", "2025-04-04", "day")
                    for m in ("terbium", "dysprosium")}


def test_a_step_on_a_destination_ban_leaves_the_general_licences_alone():
    rows = restrictions_of("Lima requires licences for all zinc exports. Pausing the US-specific ban changes "
                           "little for buyers.", "2025-07-10")
    assert {r[4] for r in rows} == {"imposed"}


def test_from_one_capital_to_another_names_no_destination():
    body = ("Tanzania announced in March that unprocessed graphite may no longer be exported, and ministers from "
            "Lusaka to Kinshasa now cite the ban.")
    rows = restrictions_of(body, "2025-06-01")
    assert {(r[0], r[1], r[2]) for r in rows} == {("TZA", None, "graphite")}


def test_a_suspension_announced_on_a_day_takes_that_day_and_the_measure_it_suspends_its_own():
    from test_extraction_phenomena import restrictions_of

    rows = restrictions_of("Beijing announced on Friday the suspension of export controls imposed on Oct 9 on "
                           "graphite anodes.", "2025-11-09")
    assert {(r[2], r[4], r[5]) for r in rows} == {("graphite", "suspended", "2025-11-07"),
                                                 ("graphite", "imposed", "2025-10-09")}
    rows = restrictions_of("The ministry said the measures announced on October 9 on graphite would be suspended.",
                           "2025-11-09")
    assert ("graphite", "suspended", "2025-10-09") not in {(r[2], r[4], r[5]) for r in rows}


def test_a_measure_told_as_todays_news_takes_the_day_of_publication():
    from test_extraction_phenomena import restrictions_of

    rows = restrictions_of("Harare has imposed an immediate freeze on exports of lithium concentrate.", "2026-02-25")
    assert {(r[0], r[2], r[3], r[5]) for r in rows} == {("ZWE", "lithium", "export_prohibition", "2026-02-25")}


def test_the_country_after_to_is_no_imposer_but_a_possessive_after_due_to_is():
    from test_extraction_phenomena import restrictions_of

    rows = restrictions_of("Laos has closed the border to Vietnam to suspend tin ore exports, citing floods.", "2025-06-17")
    assert {(r[0], r[2]) for r in rows} == {("LAO", "tin")}
    rows = restrictions_of("Due to Indonesia's ban on nickel ore exports, smelter margins rose.", "2025-06-17")
    assert {(r[0], r[2]) for r in rows} == {("IDN", "nickel")}


def test_the_buyer_of_a_mineral_is_no_imposer_and_the_seller_of_it_is():
    from test_extraction_phenomena import restrictions_of

    rows = restrictions_of("Japan's purchases of tungsten ore from Vietnam rose before the export ban took effect.",
                           "2025-06-17")
    assert {(r[0], r[2]) for r in rows} == {("VNM", "tungsten")}
    rows = restrictions_of("China banned imports of scrap and exports of gallium.", "2025-06-17")
    assert {(r[0], r[2]) for r in rows} == {("CHN", "gallium")}


def test_a_company_that_stops_shipping_states_no_government_measure():
    from test_extraction_phenomena import restrictions_of

    rows = restrictions_of("Harbor Materials, which owns the only U.S. tungsten mine, said on Thursday it has stopped "
                           "shipping ore to China for processing.", "2025-06-17")
    assert rows == set()
    rows = restrictions_of("Indonesia banned nickel ore exports from its mines in 2020.", "2025-06-17")
    assert {(r[0], r[2]) for r in rows} == {("IDN", "nickel")}


def test_a_mineral_named_as_the_base_of_a_material_is_the_mineral():
    from pipeline.extract.entities import find_minerals
    from test_extraction_phenomena import restrictions_of

    text = "Tungsten-based alloys and lithium-bearing ore are listed; lithium-ion cells are not."
    assert [(m.text, m.value) for m in find_minerals(text)] == [("Tungsten", "tungsten"), ("lithium", "lithium")]
    rows = restrictions_of("China bans tungsten exports\n\nOn Thursday, the Ministry of Commerce issued export "
                           "controls on tungsten-based materials and related refinery technologies.", "2025-06-17")
    assert {(r[0], r[2], r[5]) for r in rows} == {("CHN", "tungsten", "2025-06-12")}


def test_the_directive_also_doing_more_is_the_measure_just_told_and_takes_its_date():
    from test_extraction_phenomena import restrictions_of

    rows = restrictions_of("China will ban exports of gallium to the US with immediate effect, its commerce ministry "
                           "said on Tuesday.\n\nThe ministry's directive, which cites national security, also "
                           "tightens controls on graphite exports to the United States.", "2025-06-17")
    assert {(r[2], r[4], r[5]) for r in rows} == {("gallium", "imposed", "2025-06-17"),
                                                 ("graphite", "expanded", "2025-06-17")}


def test_a_country_acting_in_the_minerals_own_later_clause_is_its_imposer():
    from test_extraction_phenomena import restrictions_of

    rows = restrictions_of("Laos stopped shipping tungsten abroad in June, and in the same month Ghana barred exports of "
                           "unprocessed lithium ore.", "2025-06-17")
    assert {(r[0], r[2]) for r in rows} == {("LAO", "tungsten"), ("GHA", "lithium")}


def test_a_ban_on_selling_to_foreign_buyers_is_an_export_ban_to_their_country():
    from test_extraction_phenomena import restrictions_of

    rows = restrictions_of("China paused its ban on selling gallium to American buyers.", "2025-06-17")
    assert {(r[0], r[1], r[2], r[4]) for r in rows} == {("CHN", "USA", "gallium", "suspended")}
    assert restrictions_of("The miner sold more gallium in May.", "2025-06-17") == set()


def test_a_widening_that_ends_after_the_mineral_still_tells_expanded():
    from test_extraction_phenomena import restrictions_of

    rows = restrictions_of("China's commerce ministry on Friday suspended until November 2026 the package of export controls "
                           "announced on October 9, which had brought holmium and erbium into the rare earth licensing "
                           "system.", "2025-11-12")
    assert {(r[2], r[4]) for r in rows} == {("holmium", "expanded"), ("erbium", "expanded"),
                                           ("holmium", "suspended"), ("erbium", "suspended")}
    rows = restrictions_of("Beijing added gallium to its export control list on Monday.", "2025-11-12")
    assert {(r[2], r[4]) for r in rows} == {("gallium", "expanded")}


def test_no_longer_being_approved_is_a_ban_and_stricter_checks_a_licensing_measure():
    from test_extraction_phenomena import restrictions_of

    rows = restrictions_of("China's commerce ministry said on Tuesday that shipments of superhard materials to American "
                           "buyers would no longer be approved.", "2024-12-04")
    assert {(r[0], r[1], r[2], r[3]) for r in rows} == {("CHN", "USA", "superhard_materials", "export_prohibition")}
    rows = restrictions_of("China said exports of graphite to the U.S. would face stricter end-user checks.",
                           "2024-12-04")
    assert {(r[0], r[1], r[2], r[3]) for r in rows} == {("CHN", "USA", "graphite", "licensing_requirement")}


def test_the_day_of_a_gathering_still_to_come_is_not_the_measures():
    # The session is on 12 March; the curbs were not imposed that day.
    body = ("Brussels said it would challenge Jakarta's curbs on nickel ore exports at the next session "
            "of the trade body's dispute panel on March 12.")
    rows = restrictions_of(body, "2025-03-03")
    assert {r[:3] for r in rows} == {("IDN", None, "nickel")}
    assert all(r[5] != "2025-03-12" for r in rows)


@pytest.mark.parametrize("sentence", [
    "Mongolia lifted its export duty on fluorspar.",
    "Mongolia is set to lift export duty for fluorspar.",
])
def test_lifting_an_export_duty_is_a_lifting(sentence):
    assert {r[:5] for r in restrictions_of(sentence, "2025-03-03")} == {("MNG", None, "fluorspar", "export_tax", "lifted")}


def test_a_ban_on_goods_leaving_a_country_is_that_countrys_and_its_end_day_is_not_its_date():
    body = ("The trade council approved a ban on the export of base-metal bars from Mongolia until June 30, 2026. "
            "The prohibition applies to refined copper and zinc bars.")
    assert restrictions_of(body, "2025-03-03") == {
        ("MNG", None, "copper", "export_prohibition", "imposed", None, None),
        ("MNG", None, "zinc", "export_prohibition", "imposed", None, None)}


@pytest.mark.parametrize("sentence, step", [
    ("Manila eased its ban on nickel ore exports on Tuesday.", ("PHL", None, "nickel", "export_prohibition", "lifted")),
    ("Manila relaxed the export ban on nickel ore on Tuesday.", ("PHL", None, "nickel", "export_prohibition", "lifted")),
    ("Beijing loosened export controls on graphite to Japan on Tuesday.",
     ("CHN", "JPN", "graphite", "licensing_requirement", "lifted")),
])
def test_easing_a_measure_is_a_lifting_not_a_new_measure(sentence, step):
    assert {r[:5] for r in restrictions_of(sentence, "2025-03-06")} == {step}


def test_a_side_remark_about_easing_is_no_step():
    body = ("Beijing imposed export controls on graphite in October. "
            "The ministry limits the easing strictly to the October measures, analysts said.")
    assert {r[4] for r in restrictions_of(body, "2025-11-07")} == {"imposed"}


def test_minerals_listed_under_one_measure_share_the_date_the_lead_gives_it():
    body = ("Ghana has banned the export of raw lithium and other battery minerals, the government said on Tuesday.\n"
            "\"The cabinet approved a prohibition on exports of raw lithium ore, manganese and graphite,\" the mines "
            "ministry said in a statement.")
    rows = restrictions_of(body, "2025-03-06")
    assert {(r[2], r[5]) for r in rows} == {("lithium", "2025-03-04"), ("manganese", "2025-03-04"),
                                            ("graphite", "2025-03-04")}


@pytest.mark.parametrize("body", [
    "Ghana will ban exports of raw lithium next year, the mines minister said on Wednesday.",
    "Ghana will ban exports of raw lithium, the mines minister said on Wednesday. \"Starting in June 2026, the "
    "government will impose a ban on raw lithium exports,\" he said.",
])
def test_a_measure_still_to_come_is_announced_on_the_day_it_was_said(body):
    assert {r[5] for r in restrictions_of(body, "2025-12-18")} == {"2025-12-17"}


def test_bringing_a_ban_forward_tightens_it():
    rows = restrictions_of("Manila brought forward a ban on nickel ore exports by two years, the minister said on Monday.",
                           "2025-03-06")
    assert {r[:5] for r in rows} == {("PHL", None, "nickel", "export_prohibition", "expanded")}


def test_a_waiver_to_a_ban_pauses_it():
    rows = restrictions_of("Lusaka has issued a six-month waiver to its export ban on cobalt concentrate, the mines "
                           "minister said on Tuesday.", "2025-03-06")
    assert {r[:6] for r in rows} == {("ZMB", None, "cobalt", "export_prohibition", "suspended", "2025-03-04")}



def test_measures_said_to_remain_keep_their_own_dates():
    body = ("China put gallium under export licence in June 2023.\n"
            "The licence requirements remain: every gallium or antimony exporter still needs a permit.")
    assert {r[5] for r in restrictions_of(body, "2025-12-01") if r[2] == "antimony"} == {None}
