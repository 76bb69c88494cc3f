"""Date expressions found in made-up news sentences and resolved against the published date."""

import datetime as dt

import pytest

from pipeline.extract.dates import (
    DateMention,
    find_dates,
    resolve_day_month,
    resolve_month,
    resolve_weekday,
)

D = dt.date
TUE_2023_07_04 = D(2023, 7, 4)  # a Tuesday
FRI_2026_01_09 = D(2026, 1, 9)  # a Friday


def only(text: str, published: dt.date | None, **kwargs) -> DateMention:
    """The single mention in `text`; fails loudly when there are none or several."""
    mentions = find_dates(text, published, **kwargs)
    assert len(mentions) == 1, mentions
    return mentions[0]


# (sentence, published, keyword arguments, expected text, value, precision, end_value)
CASES = [
    # full dates in the usual news forms
    ("Ministers met on January 12, 2026 in Seoul.", FRI_2026_01_09, {}, "January 12, 2026", D(2026, 1, 12), "day", None),
    ("Ministers met on 12 January 2026 in Seoul.", FRI_2026_01_09, {}, "12 January 2026", D(2026, 1, 12), "day", None),
    ("Ministers met on Monday, January 12, 2026.", FRI_2026_01_09, {}, "Monday, January 12, 2026", D(2026, 1, 12), "day", None),
    ("The rules took effect on Sept. 30, 2025.", FRI_2026_01_09, {}, "Sept. 30, 2025", D(2025, 9, 30), "day", None),
    ("The filing is dated 2026-01-12.", FRI_2026_01_09, {}, "2026-01-12", D(2026, 1, 12), "day", None),
    ("Talks opened on the 3rd of March 2025.", FRI_2026_01_09, {}, "3rd of March 2025", D(2025, 3, 3), "day", None),
    # day and month without a year: the nearby year
    ("Officials met Jan. 12 to prepare.", FRI_2026_01_09, {}, "Jan. 12", D(2026, 1, 12), "day", None),
    ("The envoys met on 12 Jan.", FRI_2026_01_09, {}, "12 Jan", D(2026, 1, 12), "day", None),
    ("The two sides met on January 11.", D(2026, 1, 13), {}, "January 11", D(2026, 1, 11), "day", None),
    ("Beijing announced the curbs October 9.", D(2025, 11, 7), {}, "October 9", D(2025, 10, 9), "day", None),
    ("The ministers spoke on December 28.", D(2026, 1, 5), {}, "December 28", D(2025, 12, 28), "day", None),
    ("Licences are required from August 1.", TUE_2023_07_04, {}, "August 1", D(2023, 8, 1), "day", None),
    # ranges
    ("The forum ran June 15-17.", D(2025, 6, 20), {}, "June 15-17", D(2025, 6, 15), "day", D(2025, 6, 17)),
    ("The forum ran June 15 to 17.", D(2025, 6, 20), {}, "June 15 to 17", D(2025, 6, 15), "day", D(2025, 6, 17)),
    ("The forum ran 15-17 June 2025.", FRI_2026_01_09, {}, "15-17 June 2025", D(2025, 6, 15), "day", D(2025, 6, 17)),
    ("It ran from June 15 to June 17.", D(2025, 6, 20), {}, "June 15 to June 17", D(2025, 6, 15), "day", D(2025, 6, 17)),
    ("It ran between 15 and 17 June 2025.", FRI_2026_01_09, {}, "15 and 17 June 2025", D(2025, 6, 15), "day", D(2025, 6, 17)),
    ("It ran from December 30 to January 2.", D(2026, 1, 5), {}, "December 30 to January 2", D(2025, 12, 30), "day", D(2026, 1, 2)),
    ("Output was cut June-August 2025.", FRI_2026_01_09, {}, "June-August 2025", D(2025, 6, 1), "month", D(2025, 8, 1)),
    ("Output rose from 2019 to 2021.", FRI_2026_01_09, {}, "2019 to 2021", D(2019, 1, 1), "year", D(2021, 1, 1)),
    # months
    ("The quota was set in April 2025.", FRI_2026_01_09, {}, "April 2025", D(2025, 4, 1), "month", None),
    ("The ban came in April of last year.", D(2026, 1, 13), {}, "April of last year", D(2025, 4, 1), "month", None),
    ("The ban came in April last year.", D(2026, 1, 13), {}, "April last year", D(2025, 4, 1), "month", None),
    ("Ministers first met last June.", FRI_2026_01_09, {}, "last June", D(2025, 6, 1), "month", None),
    ("A review is due next March.", FRI_2026_01_09, {}, "next March", D(2026, 3, 1), "month", None),
    ("Envoys talked in April.", D(2026, 1, 13), {}, "April", D(2025, 4, 1), "month", None),
    ("Envoys will talk in April.", D(2026, 1, 13), {"prefer": "future"}, "April", D(2026, 4, 1), "month", None),
    ("The quota was cut in mid-May.", D(2025, 6, 2), {}, "mid-May", D(2025, 5, 1), "month", None),
    ("Talks were held earlier this month.", D(2025, 2, 25), {}, "earlier this month", D(2025, 2, 1), "month", None),
    ("Talks resume later this month.", D(2025, 2, 10), {}, "later this month", D(2025, 2, 1), "month", None),
    ("The rule was drafted last month.", D(2025, 1, 20), {}, "last month", D(2024, 12, 1), "month", None),
    ("Licences start this month.", D(2025, 2, 10), {}, "this month", D(2025, 2, 1), "month", None),
    # years, seasons, quarters
    ("Exports fell in 2023.", FRI_2026_01_09, {}, "2023", D(2023, 1, 1), "year", None),
    ("Exports fell last year.", FRI_2026_01_09, {}, "last year", D(2025, 1, 1), "year", None),
    ("Exports will rise next year.", FRI_2026_01_09, {}, "next year", D(2027, 1, 1), "year", None),
    ("Quotas tightened earlier this year.", D(2025, 9, 1), {}, "earlier this year", D(2025, 1, 1), "year", None),
    ("The mine closed in mid-2024.", FRI_2026_01_09, {}, "mid-2024", D(2024, 1, 1), "year", None),
    ("The mine opened in late 2015.", FRI_2026_01_09, {}, "late 2015", D(2015, 1, 1), "year", None),
    ("The mine closed last summer.", FRI_2026_01_09, {}, "last summer", D(2025, 1, 1), "year", None),
    ("Sales dipped in the first quarter of 2024.", FRI_2026_01_09, {}, "the first quarter of 2024", D(2024, 1, 1), "month", D(2024, 3, 1)),
    # weekdays
    ("They met on Monday.", TUE_2023_07_04, {}, "Monday", D(2023, 7, 3), "day", None),
    ("They met on Tuesday.", TUE_2023_07_04, {}, "Tuesday", D(2023, 7, 4), "day", None),
    ("The minister will host talks on Monday.", FRI_2026_01_09, {"prefer": "future"}, "Monday", D(2026, 1, 12), "day", None),
    ("Monday's meeting ended early.", TUE_2023_07_04, {}, "Monday", D(2023, 7, 3), "day", None),
    ("They met last Friday.", TUE_2023_07_04, {}, "last Friday", D(2023, 6, 30), "day", None),
    ("They meet next Tuesday.", TUE_2023_07_04, {}, "next Tuesday", D(2023, 7, 11), "day", None),
    ("They met on Thursday last week.", TUE_2023_07_04, {}, "Thursday last week", D(2023, 6, 29), "day", None),
    # days relative to the published date
    ("The envoy arrived today.", TUE_2023_07_04, {}, "today", D(2023, 7, 4), "day", None),
    ("The envoy arrived yesterday.", TUE_2023_07_04, {}, "yesterday", D(2023, 7, 3), "day", None),
    ("The envoy leaves tomorrow.", TUE_2023_07_04, {}, "tomorrow", D(2023, 7, 5), "day", None),
    ("The envoy arrived three days ago.", TUE_2023_07_04, {}, "three days ago", D(2023, 7, 1), "day", None),
    # days relative to the anchor (the date of the event the sentence is about)
    ("They had spoken the previous day.", D(2026, 1, 20), {"anchor": D(2026, 1, 13)}, "the previous day", D(2026, 1, 12), "day", None),
    ("They had spoken a day earlier.", D(2026, 1, 20), {"anchor": D(2026, 1, 13)}, "a day earlier", D(2026, 1, 12), "day", None),
    ("They had spoken the day before.", D(2026, 1, 20), {"anchor": D(2026, 1, 13)}, "the day before", D(2026, 1, 12), "day", None),
    ("They met again the next day.", D(2026, 1, 20), {"anchor": D(2026, 1, 13)}, "the next day", D(2026, 1, 14), "day", None),
    ("They met again two days later.", D(2026, 1, 20), {"anchor": D(2026, 1, 13)}, "two days later", D(2026, 1, 15), "day", None),
    ("They met again a day later.", D(2026, 1, 13), {}, "a day later", D(2026, 1, 14), "day", None),
]


@pytest.mark.parametrize(
    ("sentence", "published", "kwargs", "text", "value", "precision", "end_value"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_expression_resolves(sentence, published, kwargs, text, value, precision, end_value):
    mention = only(sentence, published, **kwargs)
    assert (mention.text, mention.value, mention.precision, mention.end_value) == (text, value, precision, end_value)
    assert sentence[mention.start : mention.end] == text


@pytest.mark.parametrize(
    ("sentence", "value", "precision", "tense"),
    [
        ("They meet next week.", D(2023, 7, 1), "month", "future"),        # July 10-16
        ("They met last week.", None, None, "past"),                        # June 26 - July 2: two months
        ("They meet this week.", D(2023, 7, 1), "month", None),             # July 3-9
        ("They met earlier this week.", D(2023, 7, 1), "month", "past"),
    ],
)
def test_a_week_is_no_single_day_but_its_month_when_it_lies_in_one(sentence, value, precision, tense):
    mention = only(sentence, TUE_2023_07_04)
    assert (mention.value, mention.precision, mention.relative, mention.tense) == (value, precision, True, tense)


def test_the_week_of_another_year_gives_no_month():
    found = {d.text: (d.value, d.precision) for d in find_dates("Permits began a year ago this week.", TUE_2023_07_04)}
    assert found == {"a year ago": (D(2022, 1, 1), "year"), "this week": (None, None)}


@pytest.mark.parametrize(
    ("sentence", "relative", "tense"),
    [
        ("Ministers first met last June.", True, "past"),
        ("A review is due next March.", True, "future"),
        ("The envoy leaves tomorrow.", True, "future"),
        ("The two sides met on January 11.", True, None),  # the year was inferred
        ("They met on Monday.", True, None),
        ("Ministers met on January 12, 2026 in Seoul.", False, None),
        ("Exports fell in 2023.", False, None),
    ],
)
def test_relative_and_tense_flags(sentence, relative, tense):
    mention = only(sentence, FRI_2026_01_09)
    assert (mention.relative, mention.tense) == (relative, tense)


def test_without_published_date_absolute_dates_resolve_and_relative_ones_do_not():
    mentions = find_dates("On January 12, 2026 and in 2023, not on Monday or last June.", None)
    assert [(m.text, m.value, m.precision, m.relative) for m in mentions] == [
        ("January 12, 2026", D(2026, 1, 12), "day", False),
        ("2023", D(2023, 1, 1), "year", False),
        ("Monday", None, None, True),
        ("last June", None, None, True),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The statement came at 12:17 GMT.",
        "Shipments reached 1,725 tonnes.",
        "The deal is worth $8.5 billion.",
        "Prices rose 60% on the news.",
        "Output was 16.1-million tonnes.",
        "Exports may fall.",
        "May I add one point?",
        "The May government fell.",
        "Thousands march in the capital.",
        "Exports reached 2000 tonnes.",
        "April and June signed the letter.",
        "The rules date from 1850.",
        "Officials met at the G20 June summit.",
        "Signed 1/12/2026 by both sides.",
        "Prices fell over the last year.",
    ],
)
def test_not_a_date(sentence):
    assert find_dates(sentence, TUE_2023_07_04) == []


def test_may_is_a_month_after_a_cue_word_or_next_to_a_number():
    mentions = find_dates("In May, and since May 2025, and on May 5.", FRI_2026_01_09)
    assert [(m.text, m.value) for m in mentions] == [
        ("May", D(2025, 5, 1)),
        ("May 2025", D(2025, 5, 1)),
        ("May 5", D(2025, 5, 5)),
    ]


def test_longest_match_wins_and_results_are_sorted():
    mentions = find_dates("Last year, in April of last year and on June 15-17, 2025.", FRI_2026_01_09)
    assert [m.text for m in mentions] == ["Last year", "April of last year", "June 15-17, 2025"]


def test_and_joins_days_only_after_between():
    mentions = find_dates("They met on June 15 and again on 20 June.", D(2025, 6, 30))
    assert [(m.text, m.value, m.end_value) for m in mentions] == [
        ("June 15", D(2025, 6, 15), None),
        ("20 June", D(2025, 6, 20), None),
    ]


def test_before_or_after_a_named_event_is_found_but_not_resolved():
    mention = only("They met a day after the vote.", D(2026, 1, 20), anchor=D(2026, 1, 13))
    assert (mention.text, mention.value, mention.relative) == ("a day after", None, True)


def test_prefer_must_be_past_or_future():
    with pytest.raises(ValueError, match="prefer"):
        find_dates("on Monday", TUE_2023_07_04, prefer="nearest")


def test_resolve_weekday_counts_the_published_day_itself():
    assert resolve_weekday(TUE_2023_07_04, 1, "past") == TUE_2023_07_04
    assert resolve_weekday(TUE_2023_07_04, 1, "future") == TUE_2023_07_04
    assert resolve_weekday(TUE_2023_07_04, 4, "past") == D(2023, 6, 30)
    assert resolve_weekday(TUE_2023_07_04, 4, "future") == D(2023, 7, 7)


def test_year_inference_leans_towards_prefer():
    # 28 days ahead still beats 337 days back even when preferring the past...
    assert resolve_day_month(TUE_2023_07_04, 8, 1, "past") == D(2023, 8, 1)
    # ...but 4 months ahead counts as 12 against 8 back.
    assert resolve_day_month(TUE_2023_07_04, 11, 4, "past") == D(2022, 11, 4)
    assert resolve_day_month(TUE_2023_07_04, 11, 4, "future") == D(2023, 11, 4)
    # Three months either side is a tie, which prefer breaks.
    assert resolve_month(D(2026, 1, 13), 4, "past") == D(2025, 4, 1)
    assert resolve_month(D(2026, 1, 13), 10, "future") == D(2026, 10, 1)
    assert resolve_month(D(2026, 1, 13), 1, "future") == D(2026, 1, 1)
    # February 29 only exists in a leap year.
    assert resolve_day_month(D(2025, 3, 1), 2, 29, "past") == D(2024, 2, 29)


def test_the_end_of_the_month_or_the_start_of_the_year_is_the_current_one():
    published = dt.date(2025, 8, 20)
    found = find_dates("Talks are due at the end of the month, and a review at the start of the year.", published)
    assert [(d.text, d.value, d.precision) for d in found] == [
        ("the end of the month", dt.date(2025, 8, 1), "month"), ("the start of the year", dt.date(2025, 1, 1), "year")]


@pytest.mark.parametrize("value, precision, first, last", [
    (dt.date(2024, 2, 1), "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    (dt.date(2025, 1, 1), "year", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    (dt.date(2025, 6, 15), "day", dt.date(2025, 6, 15), dt.date(2025, 6, 15)),
])
def test_period_is_the_days_a_date_stands_for(value, precision, first, last):
    from pipeline.extract.dates import period
    assert period(value, precision) == (first, last)


def test_dates_outside_1900_to_ten_years_ahead_are_dropped():
    found = find_dates("The file was dated 9999-12-31 and the ban began on 2023-07-03.", dt.date(2023, 7, 5))
    assert [(m.text, m.value) for m in found] == [("2023-07-03", dt.date(2023, 7, 3))]


def test_an_ordinal_day_is_a_day_of_the_month_of_publication_or_the_one_before():
    published = dt.date(2025, 4, 7)
    assert [(d.text, d.value) for d in find_dates("On the 4th, Lima set new rules.", published)] == [
        ("the 4th", dt.date(2025, 4, 4))]
    assert [d.value for d in find_dates("On the 28th, talks began.", published)] == [dt.date(2025, 3, 28)]
    assert find_dates("On the 4th round of talks they agreed.", published) == []
