"""Ids that stay put: real builds of the Dagster graph over a small corpus added in two batches to one
input folder and one warehouse, and a second build of the first batch in a fresh warehouse.

The articles were written for these tests; they report public events in our own words: China's
gallium and germanium licences (announced 3 July 2023, in force 1 August 2023), the G7 summit in
Hiroshima (19-21 May 2023), Biden and Albanese on its sidelines (20 May 2023), the US-Japan critical
minerals agreement (28 March 2023), China's ban on three metals for US buyers (3 December 2024) and
its suspension (9 November 2025)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from pipeline.assets import BUILD_JOB, build_definitions
from pipeline.assets.resources import CritminSettings
from pipeline.warehouse import read_table
from pipeline.warehouse import published_folder
from pipeline.ids import stable_id

pytestmark = pytest.mark.integration


def article(url: str, published: str, body: str, source: str = "Critmin Test Wire") -> str:
    return f"---\nurl: {url}\npublished: {published}\nsource: {source}\nlanguage: en\n---\n{body}\n"


GALLIUM_ANNOUNCED = """Beijing puts gallium and germanium under export licence

China's commerce ministry announced export controls on gallium and germanium on July 3, 2023. From August 1, companies that want to ship the two metals, or a list of compounds made from them, abroad will need a licence from the ministry.

Gallium is used in radio chips and LEDs, and germanium in fibre optics and night-vision lenses. China produces most of the world's supply of both. Traders said buyers in Japan and Europe were already asking for extra shipments before the rules begin."""

G7_SUMMIT = """G7 leaders close Hiroshima summit with a minerals plan

Leaders of the Group of Seven met in Hiroshima from May 19 to May 21, 2023, hosted by Japanese Prime Minister Fumio Kishida. The leaders of the United States, Japan, Germany, France, Britain, Italy and Canada backed a five-point plan to secure critical minerals, after energy ministers drafted it in Sapporo in April.

The plan calls for more recycling, shared forecasts of demand and help for mining countries that want to refine ore at home. Officials said the leaders did not name China in the text."""

SIDELINES = """Biden and Albanese add minerals to the alliance

U.S. President Joe Biden met Australian Prime Minister Anthony Albanese in Hiroshima on May 20, 2023, on the sidelines of the G7 summit. The two leaders signed a compact that makes climate, critical minerals and clean energy a third pillar of the alliance.

Biden said he would ask Congress to treat Australia as a domestic source of supply under the Defense Production Act, which could open U.S. funding to Australian mines."""

US_JAPAN = """Washington and Tokyo sign a battery minerals pact

U.S. Trade Representative Katherine Tai met Japanese Ambassador Koji Tomita in Washington on March 28, 2023, and the two signed an agreement on critical minerals. The deal covers cobalt, graphite, lithium, manganese and nickel, the main minerals in electric car batteries.

The agreement lets minerals processed in Japan count toward the clean vehicle tax credit of the Inflation Reduction Act. Both sides promised to share information on investment by other countries in their mining sectors. Car makers in Japan welcomed the news, while some members of Congress asked whether a trade deal of this kind needed their approval."""

# Another site runs the US-Japan story a day later: its own headline, a photo credit, the rest as sent.
US_JAPAN_COPY = US_JAPAN.replace("Washington and Tokyo sign a battery minerals pact",
                                 "US and Japan agree on minerals for electric cars") + \
    "\n\nPhoto: lithium brine ponds. Credit: Test Picture Desk."

GALLIUM_IN_FORCE = """Chip metal licences now required in China

China's export controls on gallium and germanium took effect on August 1, 2023, four weeks after the commerce ministry announced them. Exporters must now apply for a licence and name the end user of each shipment.

Analysts expect a drop in shipments for a few months while the first licences are processed."""

G7_RECALLED = """Minerals plan still waits for money

Officials are still working through the critical minerals plan that G7 leaders adopted when they met in Hiroshima in May 2023. The leaders of the United States, Japan, Germany, France, Britain, Italy and Canada promised to help producer countries refine more ore at home, but few projects have been financed so far."""

US_BAN = """China bars three metals from US buyers

China banned exports of gallium, germanium and antimony to the United States on December 3, 2024, a day after Washington widened its curbs on chip equipment sales to Chinese firms."""

SUSPENSION = """China pauses its metals ban for US buyers

China suspended its ban on exports of gallium, germanium and antimony to the United States on November 9, 2025. The pause runs until November 2026, the commerce ministry said."""

# Published before anything in batch 1 about the same meeting, with the date to the day, so it comes
# first when the meeting is merged again; it also gives Kishida's name family name first.
SIDELINES_PREVIEW = """Biden to see Albanese in Hiroshima

U.S. President Joe Biden will meet Australian Prime Minister Anthony Albanese in Hiroshima on May 20, 2023. The two leaders plan to sign a compact on clean energy and critical minerals.

Both are in Japan for the G7 summit, whose host, Prime Minister Kishida Fumio, has put supply chains on the agenda."""

# A copy of the gallium announcement on another site on the same day, with a photo credit added.
# The credit is worded so that this copy's article_id sorts before the original's (asserted below):
# of two copies published the same day, ingest takes the one whose id sorts first as the story.
GALLIUM_SAME_DAY_COPY = GALLIUM_ANNOUNCED + "\n\nPhoto: gallium pellets in a laboratory. Test Picture Desk."

US_JAPAN_URL = "https://wire.example.org/2023/03/us-japan-minerals-agreement"
US_JAPAN_COPY_URL = "https://daily.example.com/business/us-japan-minerals"
G7_URL = "https://wire.example.org/2023/05/g7-hiroshima-minerals"
G7_MIRROR_URL = "https://mirror.example.net/g7-hiroshima-minerals"
GALLIUM_URL = "https://wire.example.org/2023/07/china-gallium-licence"

BATCH_1 = {
    "gallium_announced.md": article(GALLIUM_URL, "2023-07-04", GALLIUM_ANNOUNCED),
    "g7_hiroshima.md": article(G7_URL, "2023-05-21", G7_SUMMIT),
    "sidelines.md": article("https://wire.example.org/2023/05/biden-albanese", "2023-05-21", SIDELINES),
    "us_japan.md": article(US_JAPAN_URL, "2023-03-29", US_JAPAN),
}
BATCH_2 = {
    "gallium_in_force.md": article("https://wire.example.org/2023/08/gallium-licences-in-force", "2023-08-01",
                                   GALLIUM_IN_FORCE),
    "sidelines_preview.md": article("https://wire.example.org/2023/05/biden-albanese-preview", "2023-05-18",
                                    SIDELINES_PREVIEW),
    "g7_recalled.md": article("https://wire.example.org/2023/09/minerals-plan-money", "2023-09-20", G7_RECALLED),
    "us_japan_copy.md": article(US_JAPAN_COPY_URL, "2023-03-30", US_JAPAN_COPY, source="Test Daily"),
    # Exactly the text of g7_hiroshima.md under another address.
    "g7_hiroshima_mirror.md": article(G7_MIRROR_URL, "2023-05-21", G7_SUMMIT, source="Test Mirror"),
    "us_ban.md": article("https://wire.example.org/2024/12/china-bans-three-metals", "2024-12-04", US_BAN),
    "suspension.md": article("https://wire.example.org/2025/11/china-pauses-ban", "2025-11-10", SUSPENSION),
    "gallium_same_day_copy.md": article("https://daily.example.com/china-gallium", "2023-07-04",
                                        GALLIUM_SAME_DAY_COPY, source="Test Daily"),
}

EVENT_TABLES = ("meetings", "people", "mineral_restrictions")
# What must not change about an event once it has an id (new evidence may add to the rest of its row).
KEY_COLUMNS = {
    "meetings": ("meeting_id", "meeting_format", "start_date", "date_precision", "city"),
    "people": ("person_id", "country_iso3"),
    "mineral_restrictions": ("restriction_id", "imposing_iso3", "target_iso3", "mineral_id", "action",
                             "announced_date"),
}


@dataclass(frozen=True)
class Builds:
    first: dict[str, pl.DataFrame]    # batch 1 into warehouse W
    second: dict[str, pl.DataFrame]   # batch 1 + batch 2, same input folder, same W
    fresh: dict[str, pl.DataFrame]    # batch 1 again, into a fresh warehouse


TABLES = (*EVENT_TABLES, "articles", "rejected_inputs", "meeting_mentions", "restriction_mentions",
          "participant_mentions", "merge_decisions")


def run_build(input_dir: Path, warehouse: Path) -> dict[str, pl.DataFrame]:
    settings = CritminSettings(input_dir=str(input_dir), warehouse_dir=str(warehouse))
    job = build_definitions(settings).resolve_job_def(BUILD_JOB)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    failures = [f"{e.step_key}: {e.event_specific_data.error.message.strip()}"
                for e in result.all_events if e.is_step_failure]
    assert result.success, failures
    failed_checks = [e.event_specific_data.asset_check_key.to_user_string() for e in result.all_events
                     if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed]
    assert failed_checks == []
    # Read into memory now: the next build writes over the same files.
    return {t: read_table(published_folder(warehouse), t) for t in TABLES}


def write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    input_dir = tmp_path_factory.mktemp("stable_ids_articles")
    warehouse = tmp_path_factory.mktemp("stable_ids_warehouse")
    write(input_dir, BATCH_1)
    first = run_build(input_dir, warehouse)
    batch_1_only = tmp_path_factory.mktemp("stable_ids_batch_1")
    shutil.copytree(input_dir, batch_1_only, dirs_exist_ok=True)
    write(input_dir, BATCH_2)
    second = run_build(input_dir, warehouse)
    fresh = run_build(batch_1_only, tmp_path_factory.mktemp("stable_ids_fresh_warehouse"))
    return Builds(first, second, fresh)


def article_row(tables: dict[str, pl.DataFrame], source_file: str) -> dict:
    return tables["articles"].filter(pl.col("source_file") == source_file).row(0, named=True)


def events_of(tables: dict[str, pl.DataFrame], mention_table: str, id_column: str, source_file: str) -> set[str]:
    """The event ids the mentions of one article were given."""
    aid = article_row(tables, source_file)["article_id"]
    return set(tables[mention_table].filter(pl.col("article_id") == aid)[id_column])


def test_batch_one_is_read_as_expected(builds: Builds):
    """Sanity of the fixture: what the first build found, so the later tests compare real events."""
    first = builds.first
    assert first["articles"].height == 4
    assert first["rejected_inputs"].height == 0
    assert sorted(first["mineral_restrictions"]["mineral_id"]) == ["gallium", "germanium"]
    # The summit, Biden with Albanese, Tai with Tomita.
    assert sorted(first["meetings"].select("meeting_format", pl.col("start_date").cast(pl.Utf8)).rows()) == [
        ("bilateral", "2023-03-28"), ("bilateral", "2023-05-20"), ("multilateral", "2023-05-19")]
    assert {"Fumio Kishida", "Joe Biden", "Anthony Albanese", "Katherine Tai", "Koji Tomita"} <= set(
        first["people"]["name"])


@pytest.mark.parametrize("table", EVENT_TABLES)
def test_every_id_from_batch_one_survives_batch_two_with_the_same_key(builds: Builds, table: str):
    columns = KEY_COLUMNS[table]
    before = builds.first[table].select(columns)
    after = builds.second[table].select(columns)
    assert before.height > 0
    assert before.join(after, on=list(columns), how="anti", nulls_equal=True).rows() == []
    # New articles added events, they did not merge or drop old ones.
    assert after.height >= before.height


def test_people_keep_every_spelling_from_batch_one(builds: Builds):
    before = dict(builds.first["people"].select("person_id", "aliases").iter_rows())
    after = dict(builds.second["people"].select("person_id", "aliases").iter_rows())
    for person_id, aliases in before.items():
        assert set(aliases) <= set(after[person_id]), person_id


@pytest.mark.parametrize(("mention_table", "id_column", "keys"), [
    ("meeting_mentions", "meeting_id", ("mention_id",)),
    ("participant_mentions", "person_id", ("mention_id",)),
    ("restriction_mentions", "restriction_id", ("mention_id", "mineral_id")),
])
def test_every_batch_one_mention_keeps_its_event(builds: Builds, mention_table: str, id_column: str, keys: tuple):
    before = builds.first[mention_table].select(*keys, id_column)
    after = builds.second[mention_table].select(*keys, id_column)
    assert before.height > 0
    assert before.join(after, on=[*keys, id_column], how="anti", nulls_equal=True).rows() == []


def test_a_later_report_joins_the_event_of_batch_one(builds: Builds):
    first, second = builds.first, builds.second
    # The licences reported in force on 1 August are the measure announced on 3 July.
    announced = events_of(first, "restriction_mentions", "restriction_id", "gallium_announced.md")
    assert events_of(second, "restriction_mentions", "restriction_id", "gallium_in_force.md") == announced
    rows = second["mineral_restrictions"].filter(pl.col("restriction_id").is_in(list(announced)))
    assert sorted(rows.select("mineral_id", pl.col("announced_date").cast(pl.Utf8), "article_count").rows()) == [
        ("gallium", "2023-07-03", 2), ("germanium", "2023-07-03", 2)]
    # "When they met in Hiroshima in May 2023" is the summit of batch 1.
    summit = events_of(first, "meeting_mentions", "meeting_id", "g7_hiroshima.md")
    assert len(summit) == 1
    assert events_of(second, "meeting_mentions", "meeting_id", "g7_recalled.md") == summit
    # The preview's "in Japan for the G7 summit" and the sidelines report's "on the sidelines of the G7
    # summit" are the same summit: four stories in all (the exact copy of g7_hiroshima.md is that
    # article, not another story).
    assert summit <= events_of(second, "meeting_mentions", "meeting_id", "sidelines_preview.md")
    assert summit <= events_of(first, "meeting_mentions", "meeting_id", "sidelines.md")
    counts = dict(second["meetings"].select("meeting_id", "article_count").iter_rows())
    assert counts[summit.pop()] == 4


def test_an_earlier_report_added_later_does_not_rename_the_event(builds: Builds):
    first, second = builds.first, builds.second
    summit = events_of(first, "meeting_mentions", "meeting_id", "g7_hiroshima.md")
    meeting = events_of(first, "meeting_mentions", "meeting_id", "sidelines.md") - summit
    assert len(meeting) == 1  # the bilateral; the report also names the summit it was held beside
    meeting_id = meeting.pop()
    preview = article_row(second, "sidelines_preview.md")["article_id"]
    bilateral = second["meeting_mentions"].filter((pl.col("article_id") == preview)
                                                  & (pl.col("meeting_format") == "bilateral"))
    assert bilateral["meeting_id"].to_list() == [meeting_id]
    # The preview now starts the meeting (published first, dated to the day), and a new meeting would be
    # named after its first mention: the id is the old one only because the earlier build's was kept.
    decision = second["merge_decisions"].filter(pl.col("mention_id") == bilateral["mention_id"].item())
    assert (decision["decision"].item(), decision["entity_id"].item()) == ("new", meeting_id)
    assert stable_id("meeting", bilateral["mention_id"].item()) != meeting_id
    # The same for Kishida: "Kishida Fumio" now comes first, yet his id is the one "Fumio Kishida" got.
    person = lambda t: t["people"].filter(pl.col("aliases").list.contains("Fumio Kishida"))  # noqa: E731
    assert person(first)["aliases"].to_list() == [["Fumio Kishida"]]
    assert person(second)["aliases"].to_list() == [["Fumio Kishida", "Kishida Fumio"]]
    assert person(second)["person_id"].to_list() == person(first)["person_id"].to_list()
    assert stable_id("person", "kishidafumio", "JPN") != person(second)["person_id"].item()


def test_syndicated_copy_shares_the_story_of_the_original(builds: Builds):
    original = article_row(builds.second, "us_japan.md")
    copy = article_row(builds.second, "us_japan_copy.md")
    assert copy["article_id"] != original["article_id"]  # a near copy, not the same text
    assert (copy["url"], original["url"]) == (US_JAPAN_COPY_URL, US_JAPAN_URL)
    assert copy["story_id"] == original["story_id"] == original["article_id"]
    assert article_row(builds.first, "us_japan.md")["story_id"] == original["article_id"]


def test_event_reported_only_by_a_copy_is_counted_once(builds: Builds):
    first, second = builds.first, builds.second
    meeting = events_of(first, "meeting_mentions", "meeting_id", "us_japan.md")
    assert len(meeting) == 1
    # The copy's own mention of the meeting joined it ...
    assert events_of(second, "meeting_mentions", "meeting_id", "us_japan_copy.md") == meeting
    # ... and the article count did not grow, for the meeting or for the people in it.
    meeting_id = meeting.pop()
    before = dict(first["meetings"].select("meeting_id", "article_count").iter_rows())
    after = dict(second["meetings"].select("meeting_id", "article_count").iter_rows())
    assert before[meeting_id] == after[meeting_id] == 1
    tai = lambda t: t["people"].filter(pl.col("name") == "Katherine Tai")["article_count"].to_list()  # noqa: E731
    assert tai(first) == tai(second) == [1]


def test_exact_copy_is_one_article_with_both_urls(builds: Builds):
    second = builds.second
    kept = article_row(second, "g7_hiroshima.md")
    assert kept["url"] == G7_URL
    assert kept["copy_urls"] == [G7_MIRROR_URL]
    assert second["articles"].filter(pl.col("source_file") == "g7_hiroshima_mirror.md").height == 0
    assert second["rejected_inputs"].height == 0
    # Eight files in batch 2, one of them the same article as a batch-1 file.
    assert second["articles"].height == 4 + 8 - 1


def test_suspension_added_later_points_at_the_ban(builds: Builds):
    rows = builds.second["mineral_restrictions"].filter(pl.col("target_iso3") == "USA")
    steps = {(r["mineral_id"], r["action"]): r for r in rows.iter_rows(named=True)}
    assert sorted(steps) == [(m, a) for m in ("antimony", "gallium", "germanium") for a in ("imposed", "suspended")]
    for mineral in ("antimony", "gallium", "germanium"):
        assert steps[(mineral, "suspended")]["suspends_restriction_id"] == steps[(mineral, "imposed")]["restriction_id"]


@pytest.mark.parametrize("table", [*EVENT_TABLES, "merge_decisions"])
def test_same_input_in_a_fresh_warehouse_gives_the_same_ids(builds: Builds, table: str):
    first, fresh = builds.first[table], builds.fresh[table]
    assert first.height > 0
    key = [c for c in first.columns if c.endswith("_id") and first.schema[c] == pl.Utf8]
    assert first.sort(key).equals(fresh.sort(key))


def test_a_same_day_copy_added_later_does_not_rename_the_story(builds: Builds):
    original = article_row(builds.second, "gallium_announced.md")
    copy = article_row(builds.second, "gallium_same_day_copy.md")
    assert copy["published_date"] == original["published_date"]
    assert copy["article_id"] < original["article_id"]  # the case this test is about
    assert copy["story_id"] == original["story_id"]      # it is recognised as a copy ...
    assert original["story_id"] == article_row(builds.first, "gallium_announced.md")["story_id"]  # ... and renames nothing
