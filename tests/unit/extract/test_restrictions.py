"""Reading a restriction from one sentence, step by step: whether it states a measure and which
(restriction_sentence), who imposes it on whom (restriction_actors) and the rows with their dates
(restrictions). Each test reads a short sentence of our own with mentions placed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.dates import DateMention
from pipeline.extract.entities import Mention
from pipeline.extract.restriction_actors import (
    Actors,
    Hints,
    choose_imposer,
    find_targets,
    governing_cue,
    imposer_of,
    read_actors,
    target_of,
)
from pipeline.extract.restriction_sentence import (
    StepReading,
    _action,
    _cues,
    _hedged,
    _measure,
    clause_at,
    market_power_only,
    own_step,
    read_step,
    split_clauses,
    states_a_measure,
    step_at,
)
from pipeline.extract.restrictions import (
    RestrictionReading,
    SentenceFacts,
    _count_and_phrase,
    _technology_for,
    date_for,
    date_pools,
    imposed_or_expanded,
    read_restrictions,
    without_listed_groups,
)

OFF = 1000  # where the sentence starts in its article: mentions carry article offsets


def at(sentence: str, text: str, nth: int = 0) -> int:
    """Article offset of the nth occurrence of `text` in the sentence."""
    pos = -1
    for _ in range(nth + 1):
        pos = sentence.index(text, pos + 1)
    return OFF + pos


def country(sentence: str, text: str, iso3: str, form: str = "name", nth: int = 0) -> Mention:
    start = at(sentence, text, nth)
    return Mention("country", start, start + len(text), text, iso3, form)


def mineral(sentence: str, text: str, mineral_id: str, nth: int = 0) -> Mention:
    start = at(sentence, text, nth)
    return Mention("mineral", start, start + len(text), text, mineral_id)


def date(sentence: str, text: str, value: dt.date, precision: str = "day") -> DateMention:
    start = at(sentence, text)
    return DateMention(start, start + len(text), text, value, precision)


def rows(sentence: str, countries=(), minerals=(), dates=(), context_imposer=None, fallback=None, previous=None):
    """(imposer, target, mineral, measure, action, date, secondary, basis) of each row read."""
    found = read_restrictions(sentence, OFF, list(countries), list(minerals), list(dates), context_imposer,
                              fallback, previous)
    return [(r.imposing_iso3, r.target_iso3, r.mineral.value, r.measure, r.action,
             r.date.value if r.date else None, r.secondary, r.basis) for r in found]


# ---------------------------------------------------------------- restriction_sentence: the words


def test_a_hedge_in_the_words_before_a_cue_makes_it_no_measure():
    hedged = "Beijing could ban gallium exports."
    stated = "Beijing banned gallium exports."
    assert _hedged(hedged, hedged.index("ban"))
    assert not _hedged(stated, stated.index("banned"))


def test_the_most_specific_measure_wins_and_a_hedged_ban_is_none():
    assert _measure("Jakarta set quotas and a ban on nickel exports.", 0) == "export_quota"
    assert _measure("Jakarta banned nickel exports and tightened licences.", 0) == "export_prohibition"
    assert _measure("Jakarta may ban nickel exports.", 0) == "unspecified"


def test_lifting_a_ban_is_lifted_and_suspending_exports_is_no_step():
    assert _action("Peru lifted its ban on tin exports.", True) == "lifted"
    assert _action("Congo suspended cobalt exports for four months.", True) is None
    assert _action("The measures announced in October would be suspended for a year.", False) == "suspended"


def test_cues_leave_out_hedges_and_market_power():
    assert [c.group(0) for c in _cues("Chile banned lithium exports.")] == ["banned"]
    assert _cues("Chile might ban lithium exports.") == []
    assert _cues("China controls most of the world's graphite.") == []


@pytest.mark.parametrize("sentence, has_export, context_imposer, expected", [
    ("Chile banned lithium exports.", True, None, True),
    # no word 'export': only after a restriction told earlier, and only with a measure named outright
    ("The licences also cover gallium.", False, None, False),
    ("The licences also cover gallium.", False, "CHN", True),
    ("The curbs also cover gallium.", False, "CHN", False),
    ("The curbs were suspended for gallium too.", False, "CHN", True),
    # a measure named with its imposer stands alone
    ("The curbs Beijing placed on gallium stay.", False, None, True),
    # import rules and rumours are no export restriction
    ("A ban on cobalt imports followed.", False, "CHN", False),
    ("Traders spread rumours of a ban on cobalt exports.", True, None, False),
])
def test_which_sentences_may_state_a_measure(sentence, has_export, context_imposer, expected):
    assert states_a_measure(sentence, has_export, context_imposer) is expected


def test_the_step_a_sentence_tells():
    assert read_step("Peru lifted its quotas on tin exports.", True) == StepReading("lifted", "export_quota", False, False)
    # suspending exports is a ban, imposed
    assert read_step("Congo suspended cobalt exports.", True) == StepReading(None, "export_prohibition", False, False)
    assert read_step("China kept its licences for gallium exports.", True) == \
        StepReading(None, "licensing_requirement", True, False)
    assert read_step("China tightened its controls on gallium exports.", True) == \
        StepReading(None, "licensing_requirement", False, True)


def test_each_clause_has_its_own_step_or_none():
    sentence = "Chile banned lithium exports, but Peru lifted its quotas on tin."
    clauses = split_clauses(sentence, True)
    second = sentence.index("Peru")
    assert clauses.starts == (0, second, len(sentence) + 1)
    assert clauses.texts == ("Chile banned lithium exports, but ", "Peru lifted its quotas on tin.")
    assert clauses.steps == (StepReading(None, "export_prohibition", False, False),
                             StepReading("lifted", "export_quota", False, False))
    assert (clause_at(clauses, 0), clause_at(clauses, second - 1), clause_at(clauses, second)) == (0, 0, 1)
    whole = read_step(sentence, True)
    assert step_at(clauses, whole, second + 3).action == "lifted"
    assert step_at(clauses, whole, 3).action is None


def test_a_clause_without_cues_and_a_single_clause_take_the_sentence_step():
    sentence = "Chile banned lithium exports, and it said so on Monday."
    clauses = split_clauses(sentence, True)
    assert clauses.steps[1] is None
    whole = read_step(sentence, True)
    assert step_at(clauses, whole, sentence.index("Monday")) is whole
    single = split_clauses("Chile banned lithium exports.", True)
    assert len(single.starts) == 2 and own_step(single, 5) is None


def test_market_power_is_no_measure_but_its_clause_may_hold_one():
    sentence = "In May, Chile banned exports of lithium, and it still controls much of the world's copper."
    clauses = split_clauses(sentence, True)
    assert market_power_only(clauses, sentence.index("copper"))
    assert not market_power_only(clauses, sentence.index("lithium"))


# ---------------------------------------------------------------- restriction_actors: who and to whom


def test_the_cue_that_governs_the_minerals():
    sentence = "After talks, China banned gallium exports."
    cues = _cues(sentence)
    assert governing_cue(cues, [mineral(sentence, "gallium", "gallium")], OFF) == sentence.index("banned")
    late = "Gallium exports were banned by China."
    assert governing_cue(_cues(late), [mineral(late, "Gallium", "gallium")], OFF) == late.index("banned")


def test_destinations_after_a_preposition_or_before_a_hyphen():
    sentence = "China banned gallium exports to Japan and the US-specific ban stays."
    japan, usa = country(sentence, "Japan", "JPN"), country(sentence, "US", "USA")
    assert find_targets(sentence, OFF, [country(sentence, "China", "CHN"), japan, usa]) == \
        ((japan.start, "JPN"), (usa.start, "USA"))
    places = "Exports from Harare to Kinshasa were banned."
    assert find_targets(places, OFF, [country(places, "Harare", "ZWE"), country(places, "Kinshasa", "COD")]) == ()


def test_the_imposer_comes_first_from_the_sentence_then_from_the_article():
    china, us = Mention("country", 0, 5, "China", "CHN"), Mention("country", 50, 52, "US", "USA")
    hints = Hints("IDN", "AUS", "ZAF")
    assert choose_imposer("x", True, hints, [china], [us], []) == ("CHN", "sentence")
    assert choose_imposer("x", True, hints, [], [us], []) == ("USA", "sentence")
    assert choose_imposer("x", False, hints, [], [], []) == ("IDN", "context")
    assert choose_imposer("Its regulator halted exports.", True, Hints(None, "AUS", "ZAF"), [], [], []) == \
        ("ZAF", "context")
    assert choose_imposer("The regulator halted exports.", True, Hints(None, "AUS", "ZAF"), [], [], []) == \
        ("AUS", "context")
    # a heading has no verb: no imposer from the article
    assert choose_imposer("Recent export controls", True, Hints(None, "AUS", None), [], [], []) == (None, "sentence")


def test_actors_skip_objects_of_prepositions_and_companies():
    sentence = "Citing its dependence on China, Japanese investors said Indonesia banned nickel exports."
    countries = [country(sentence, "China", "CHN"), country(sentence, "Japanese", "JPN", "demonym"),
                 country(sentence, "Indonesia", "IDN")]
    nickel = mineral(sentence, "nickel", "nickel")
    actors = read_actors(sentence, OFF, countries, [nickel], _cues(sentence), True, Hints(None, None, None))
    assert actors == Actors("IDN", "sentence", (), (countries[2],), ())


def test_an_agent_after_the_cue_imposes():
    sentence = "Gallium exports were banned by China last year."
    china = country(sentence, "China", "CHN")
    actors = read_actors(sentence, OFF, [china], [mineral(sentence, "Gallium", "gallium")], _cues(sentence), True,
                         Hints(None, None, None))
    assert (actors.imposer, actors.agents) == ("CHN", (china,))


def test_no_imposer_named_or_told_is_no_reading():
    sentence = "Gallium exports were banned last year."
    assert read_actors(sentence, OFF, [], [mineral(sentence, "Gallium", "gallium")], _cues(sentence), True,
                       Hints(None, None, None)) is None


def test_each_clause_has_its_own_imposer_and_destination():
    sentence = "Zimbabwe barred lithium exports to India, and Indonesia said it halts nickel exports."
    countries = [country(sentence, "Zimbabwe", "ZWE"), country(sentence, "India", "IND"),
                 country(sentence, "Indonesia", "IDN")]
    lithium, nickel = mineral(sentence, "lithium", "lithium"), mineral(sentence, "nickel", "nickel")
    actors = read_actors(sentence, OFF, countries, [lithium, nickel], _cues(sentence), True, Hints(None, None, None))
    clauses = split_clauses(sentence, True)
    assert imposer_of(sentence, OFF, actors, lithium) == "ZWE"
    assert imposer_of(sentence, OFF, actors, nickel) == "IDN"
    assert target_of(actors, clauses, OFF, lithium, "ZWE") == "IND"
    assert target_of(actors, clauses, OFF, nickel, "IDN") is None


# ---------------------------------------------------------------- restrictions: minerals, dates, rows


def test_exported_technology_is_not_the_mineral():
    sentence = "China banned exports of technology used to refine gallium."
    assert _technology_for(sentence, mineral(sentence, "gallium", "gallium"), OFF)
    plain = "China banned exports of gallium."
    assert not _technology_for(plain, mineral(plain, "gallium", "gallium"), OFF)


def test_a_count_before_the_mineral_and_its_phrase():
    sentence = "China added seven rare earths to its list."
    assert _count_and_phrase(sentence, mineral(sentence, "rare earths", "rare_earth_elements"), OFF) == \
        (7, "seven rare earths")
    assert _count_and_phrase("China banned tin exports.", mineral("China banned tin exports.", "tin", "tin"), OFF) == \
        (None, "tin")


def test_date_pools_leave_out_the_end_of_a_period_and_keep_the_origin():
    sentence = "Peru on May 2 lifted the ban imposed in March, valid until June 2026."
    may, march = date(sentence, "May 2", dt.date(2025, 5, 2)), date(sentence, "March", dt.date(2025, 3, 1), "month")
    june = date(sentence, "June 2026", dt.date(2026, 6, 1), "month")
    pools = date_pools(sentence, OFF, [may, march, june, DateMention(OFF, OFF + 1, "x", None, None)])
    assert (pools.dated, pools.origin) == ((may, march), (march,))


def test_a_lifting_takes_the_new_date_and_its_measure_the_origin():
    sentence = "Peru on May 2 lifted the ban on tin exports imposed in March."
    may, march = date(sentence, "May 2", dt.date(2025, 5, 2)), date(sentence, "March", dt.date(2025, 3, 1), "month")
    tin = mineral(sentence, "tin", "tin")
    facts = SentenceFacts(sentence, OFF, split_clauses(sentence, True), read_step(sentence, True),
                          Actors("PER", "sentence", (), (), ()), date_pools(sentence, OFF, [may, march]))
    assert date_for(facts, tin, "lifted", False, False) == may
    assert date_for(facts, tin, "lifted", False, True) == march
    assert date_for(facts, tin, None, True, False) == march     # kept in place: only the origin dates it
    assert date_for(facts, tin, None, False, False) == may      # nearest before the mineral


def test_a_group_whose_members_are_named_gives_way_to_them():
    sentence = "Two rare earths, samarium and dysprosium"
    group = mineral(sentence, "rare earths", "rare_earth_elements")
    samarium, dysprosium = mineral(sentence, "samarium", "samarium"), mineral(sentence, "dysprosium", "dysprosium")
    assert without_listed_groups([group, samarium, dysprosium], [None, None, None]) == [samarium, dysprosium]
    # another step in the group's clause keeps it
    assert without_listed_groups([group, samarium], ["suspended", None]) == [group, samarium]
    # each mineral once
    again = mineral("tin and tin", "tin", "tin", nth=1)
    assert without_listed_groups([mineral("tin and tin", "tin", "tin"), again], [None, None]) == \
        [mineral("tin and tin", "tin", "tin")]


def test_the_nearest_action_word_before_the_mineral_decides_imposed_or_expanded():
    expanded = "China expanded its controls to gallium."
    imposed = "China expanded its list and imposed a ban on tin."
    assert imposed_or_expanded(expanded, split_clauses(expanded, True), expanded.index("gallium")) == "expanded"
    assert imposed_or_expanded(imposed, split_clauses(imposed, True), imposed.index("tin")) == "imposed"


# ---------------------------------------------------------------- read_restrictions: the whole sentence


def test_a_ban_with_imposer_destination_and_date():
    sentence = "In May, Chile banned exports of lithium to Japan."
    found = rows(sentence, [country(sentence, "Chile", "CHL"), country(sentence, "Japan", "JPN")],
                 [mineral(sentence, "lithium", "lithium")], [date(sentence, "May", dt.date(2025, 5, 1), "month")])
    assert found == [("CHL", "JPN", "lithium", "export_prohibition", "imposed", dt.date(2025, 5, 1), False, "sentence")]


def test_a_suspension_of_a_dated_measure_gives_a_second_row_for_that_measure():
    sentence = "On November 10 China suspended the controls on gallium exports it announced in October."
    found = rows(sentence, [country(sentence, "China", "CHN")], [mineral(sentence, "gallium", "gallium")],
                 [date(sentence, "November 10", dt.date(2025, 11, 10)),
                  date(sentence, "October", dt.date(2025, 10, 1), "month")])
    assert found == [
        ("CHN", None, "gallium", "licensing_requirement", "suspended", dt.date(2025, 11, 10), False, "sentence"),
        ("CHN", None, "gallium", "licensing_requirement", "imposed", dt.date(2025, 10, 1), True, "secondary"),
    ]


def test_market_power_in_another_clause_gives_no_row():
    sentence = "Chile banned exports of lithium, and it still controls much of the world's copper."
    found = rows(sentence, [country(sentence, "Chile", "CHL")],
                 [mineral(sentence, "lithium", "lithium"), mineral(sentence, "copper", "copper")])
    assert [(r[0], r[2], r[4]) for r in found] == [("CHL", "lithium", "imposed")]


def test_a_follow_up_without_the_word_export_takes_the_imposer_told_before():
    sentence = "The licences also cover germanium."
    germanium = [mineral(sentence, "germanium", "germanium")]
    assert rows(sentence, minerals=germanium) == []
    assert rows(sentence, minerals=germanium, context_imposer="CHN") == [
        ("CHN", None, "germanium", "licensing_requirement", "imposed", None, False, "context")]


def test_the_article_country_and_the_previous_sentence_stand_in_for_a_missing_imposer():
    added = "They tightened export controls on holmium."
    assert rows(added, minerals=[mineral(added, "holmium", "holmium")], fallback="CHN") == [
        ("CHN", None, "holmium", "licensing_requirement", "expanded", None, False, "context")]
    halted = "Its regulator halted cobalt exports."
    assert rows(halted, minerals=[mineral(halted, "cobalt", "cobalt")], previous="COD") == [
        ("COD", None, "cobalt", "export_prohibition", "imposed", None, False, "context")]


@pytest.mark.parametrize("sentence", [
    "China could ban gallium exports.",                          # a threat
    "Officials dismissed claims of a ban on gallium exports.",   # denial talk
    "China banned exports of technology used to refine gallium.",
    "Gallium exports were banned last year.",                    # nobody imposes
])
def test_sentences_that_state_no_restriction(sentence):
    china = [country(sentence, "China", "CHN")] if "China" in sentence else []
    gallium = sentence.index("allium") - 1
    assert rows(sentence, china, [Mention("mineral", OFF + gallium, OFF + gallium + 7, "gallium", "gallium")]) == []


def test_names_other_modules_import_from_restrictions_stay_there():
    from pipeline.extract import restrictions

    for name in ("EXPORT_CUE", "HEDGE_SENTENCE", "OBJECT_OF_PREPOSITION", "RestrictionReading", "STRONG_CUE",
                 "TARGET_ADJECTIVE", "UNTIL_BEFORE_DATE", "_hedged", "read_restrictions"):
        assert hasattr(restrictions, name), name
    assert RestrictionReading.__module__ == "pipeline.extract.restrictions"
