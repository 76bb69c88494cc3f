"""The relevance gate: articles that cannot hold a meeting or a restriction are not read."""

import polars as pl
import pytest

from pipeline.extract.relevance import OFF_TOPIC_REASON, gate


def read(*bodies: str) -> list[bool]:
    return gate(pl.DataFrame({"body": list(bodies)}))["on_topic"].to_list()


@pytest.mark.parametrize("body", [
    "Beijing said on Monday it would require licences for exports of gallium and germanium.",
    "The ministry tightened controls on antimony-based products.",          # a form inside a hyphenated word
    "Traders said REEs were scarce after the announcement.",                 # an alias, in capitals
    "The two governments agreed to cooperate on critical minerals.",
    "Ministers discussed raw materials and supply chains.",
    "The prime minister of Japan met the president of Brazil in Brasilia on Tuesday.",  # a meeting, no mineral
    "Leaders of the Quad held a summit in Wilmington; India and Australia sent their prime ministers.",
])
def test_articles_that_may_hold_a_meeting_or_restriction_are_read(body):
    assert read(body) == [True]


@pytest.mark.parametrize("body", [
    "The home side won 3-0 on Saturday, with the captain scoring twice before half-time.",
    "Heavy rain is expected across the north tomorrow, easing by the weekend.",
    "The retailer's quarterly profit rose 12 percent on strong holiday sales.",
    "She will lead the council's housing committee; the silver medal went to a local runner.",  # ambiguous forms
    "The council met on Tuesday to discuss parking fees.",                  # a meeting word, no country
    "Let us meet in the town hall, said the mayor of Springfield.",         # 'us' is no country in lower case
    "France beat Italy in the final.",                                       # countries, no meeting word
])
def test_off_topic_articles_are_not_read(body):
    assert read(body) == [False]


def test_reason_is_given_only_for_articles_left_unread():
    frame = pl.DataFrame({"body": ["Cobalt exports were halted.", "Rain tomorrow.", None]})
    out = gate(frame)
    assert out["on_topic"].to_list() == [True, False, False]
    assert out["off_topic_reason"].to_list() == [None, OFF_TOPIC_REASON, OFF_TOPIC_REASON]
    assert "relevance gate" in OFF_TOPIC_REASON
