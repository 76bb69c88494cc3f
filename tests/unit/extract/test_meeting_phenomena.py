"""More ways news tells of meetings: hosts receiving guests one by one, video links, meetings
that did not happen and meetings that are no single gathering. Sentences are our own."""

from __future__ import annotations

import datetime as dt

import pytest

from test_extraction_phenomena import meetings_of, only


def sides(meetings: list[dict]) -> list[set[str]]:
    return [m["countries"] for m in meetings]


def test_a_host_receiving_guests_one_after_another_holds_one_bilateral_each():
    body = ("Chancellor Olaf Scholz of Germany spent the weekend before the summit with visiting leaders in Berlin. "
            "He received Prime Minister Pedro Sanchez of Spain on Friday evening. On Saturday he welcomed "
            "Polish Prime Minister Donald Tusk, and he later hosted Dutch Prime Minister Mark Rutte.")
    meetings = meetings_of(body, "2024-03-04")
    assert sides(meetings) == [{"DEU", "ESP"}, {"DEU", "POL"}, {"DEU", "NLD"}]
    assert [m["start_date"] for m in meetings] == [dt.date(2024, 3, 1), dt.date(2024, 3, 2), dt.date(2024, 3, 2)]
    assert all(m["meeting_format"] == "bilateral" for m in meetings)
    assert all("Olaf Scholz" in m["people"] for m in meetings)


def test_welcoming_a_decision_is_no_meeting():
    assert meetings_of("Canada welcomed the decision by Chile to open its lithium tenders.", "2024-03-04") == []


def test_talks_with_one_leader_then_another_are_separate_bilaterals():
    body = ("Indian Prime Minister Narendra Modi arrived in Rome on Thursday. On Friday he held talks with "
            "Canadian Prime Minister Justin Trudeau, then with Japanese Prime Minister Fumio Kishida, and later "
            "with Italian Prime Minister Giorgia Meloni.")
    meetings = meetings_of(body, "2024-06-16")
    assert sides(meetings) == [{"IND", "CAN"}, {"IND", "JPN"}, {"IND", "ITA"}]
    assert {m["start_date"] for m in meetings} == {dt.date(2024, 6, 14)}
    assert [set(m["people"]) for m in meetings] == [{"Narendra Modi", "Justin Trudeau"}, {"Narendra Modi", "Fumio Kishida"},
                                                     {"Narendra Modi", "Giorgia Meloni"}]


def test_the_list_of_separate_partners_ends_where_the_sentence_says_when():
    body = "Japan signed separate accords with Chile and Peru during Japanese Prime Minister Fumio Kishida's visit to Lima."
    assert sides(meetings_of(body, "2024-11-20")) == [{"JPN", "CHL"}, {"JPN", "PER"}]


def test_a_video_link_is_a_meeting():
    m = only(meetings_of("The finance ministers of Canada and Japan talked again by video link in March.", "2025-05-02"))
    assert m["countries"] == {"CAN", "JPN"}
    assert (m["start_date"], m["date_precision"]) == (dt.date(2025, 3, 1), "month")


def test_a_present_tense_host_with_a_month_is_a_meeting_ahead():
    m = only(meetings_of("Italy hosts the G7 leaders in Apulia in June.", "2024-01-20"))
    assert (m["start_date"], m["status"]) == (dt.date(2024, 6, 1), "scheduled")


def test_a_meeting_set_for_a_weekday_is_the_coming_one():
    body = "Japanese Prime Minister Fumio Kishida will visit Canberra. His meeting with Australia's prime minister is set for Thursday."
    m = only(meetings_of(body, "2024-05-06"))  # a Monday
    assert m["start_date"] == dt.date(2024, 5, 9)


def test_a_meeting_that_was_due_but_moved_is_not_reported_as_held():
    body = ("Brazil had originally been due to host the ministers this year; the partners swapped, so Chile "
            "will host the ministers of Brazil and Argentina in Santiago in 2025.")
    m = only(meetings_of(body, "2024-09-01"))
    assert (m["start_date"], m["date_precision"]) == (dt.date(2025, 1, 1), "year")
    assert m["countries"] == {"CHL", "BRA", "ARG"}


def test_meeting_regularly_is_no_one_meeting():
    assert meetings_of("Since 2021 the trade ministers of Korea and Japan have met regularly.", "2024-09-01") == []


def test_trade_talks_in_a_named_city_are_a_meeting_but_trade_talks_alone_are_not():
    m = only(meetings_of("American and Chinese negotiators opened trade talks in Stockholm on Monday.", "2025-07-30"))
    assert m["countries"] == {"USA", "CHN"} and m["city"] == "Stockholm"
    assert meetings_of("Trade talks between the United States and China have stalled since spring.", "2025-07-30") == []


def test_a_tour_of_a_continent_is_not_the_city_of_a_meeting():
    body = "The prime ministers of Japan and Vietnam met in Asia on Thursday during a regional tour."
    assert only(meetings_of(body, "2025-07-25"))["city"] is None


def test_talks_with_a_counterpart_name_the_other_side_from_the_report():
    body = ("SEOUL - Korea and Japan are at odds over fishing rights. On Monday a senior official of the foreign "
            "ministry held talks in Tokyo with his Japanese counterpart, Kenji Sato; neither side gave ground.")
    m = only(meetings_of(body, "2024-10-16"))
    assert m["countries"] == {"KOR", "JPN"} and m["start_date"] == dt.date(2024, 10, 14)


def test_the_same_day_counts_from_the_paragraph_not_from_a_later_date_in_its_sentence():
    body = ("Canadian Finance Minister Chrystia Freeland flew to Mexico City on March 4. Mexican Finance Minister "
            "Rogelio Ramirez received her at the ministry. The same day, Prime Minister Justin Trudeau of Canada "
            "spoke by telephone with Brazilian President Luiz Inacio Lula da Silva, and on March 9 the trade ministers "
            "of Canada and Brazil held talks in Brasilia.")
    meetings = meetings_of(body, "2024-03-12")
    assert [(sorted(m["countries"]), m["start_date"]) for m in meetings] == [
        (["CAN", "MEX"], dt.date(2024, 3, 4)), (["BRA", "CAN"], dt.date(2024, 3, 4)), (["BRA", "CAN"], dt.date(2024, 3, 9))]


def test_a_cabinet_meeting_and_a_meeting_someone_has_no_plans_for_are_not_meetings():
    body = ("The chancellor announced the trip at a cabinet meeting on Wednesday. Chinese Premier Li Qiang has no "
            "plans to meet Japanese Prime Minister Shigeru Ishiba.")
    assert meetings_of(body, "2024-11-01") == []


def test_a_country_the_talks_went_without_is_not_a_participant():
    body = "Russian and American envoys held talks in Riyadh on Tuesday without any Ukrainian official present."
    assert only(meetings_of(body, "2025-02-20"))["countries"] == {"RUS", "USA"}


def test_an_entry_of_a_live_blog_happens_on_the_day_of_the_blog():
    body = ("08:10 - Good morning from Lima, where the summit opens today.\n\n"
            "09:30 - Arrivals. Delegations are still landing.\n\n"
            "11:45 - Handshake. Chinese President Xi Jinping and Peruvian President Dina Boluarte shook hands and "
            "went into talks.")
    m = only(meetings_of(body, "2024-11-14"))
    assert (m["start_date"], m["date_precision"], m["countries"]) == (dt.date(2024, 11, 14), "day", {"CHN", "PER"})


def test_a_visit_someone_expects_to_make_is_ahead():
    body = "Brazilian President Luiz Inacio Lula da Silva said he expects to visit Chinese President Xi Jinping in May."
    m = only(meetings_of(body, "2025-01-10"))
    assert (m["start_date"], m["status"]) == (dt.date(2025, 5, 1), "scheduled")


def test_a_member_that_boycotted_is_not_a_participant_and_a_closing_day_is_not_the_start():
    body = ("NAIROBI - The summit of the Group of Seven and African leaders closed on Sunday with a pledge on "
            "processing minerals locally. Kenyan President William Ruto hosted the two-day meeting on Saturday and "
            "Sunday. Italy boycotted it. The African Union and the European Union also took their seats.")
    m = only(meetings_of(body, "2025-03-10"))
    assert m["start_date"] == dt.date(2025, 3, 8)
    assert m["city"] == "Nairobi"
    assert "ITA" not in m["countries"] and {"KEN", "USA", "JPN"} <= m["countries"]
    assert m["organizations"] == {"African Union", "European Union"}
    assert m["people"]["William Ruto"] == ("KEN", "President")


def test_people_among_the_leaders_present_are_participants():
    body = ("The leaders of the Group of 20 met in Rio de Janeiro on Monday. Among the heads of government in the "
            "room were Spain's Pedro Sanchez and Canada's Justin Trudeau.")
    m = only(meetings_of(body, "2024-11-20"))
    assert {"Pedro Sanchez", "Justin Trudeau"} <= set(m["people"])


def test_a_live_blog_dates_its_entries_by_the_day_heading_above_them():
    body = ("Friday, May 16\n"
            "18:30 - Talks end. Brazilian President Luiz Inacio Lula da Silva and Chinese President Xi Jinping held "
            "talks in Beijing this afternoon.\n"
            "Thursday, May 15\n"
            "20:10 - Arrival. Lula landed in Beijing.\n"
            "12:05 - Ministers meet. The trade ministers of Brazil and Colombia met in Bogota.\n")
    meetings = meetings_of(body, "2025-05-16")
    assert [(sorted(m["countries"]), m["start_date"]) for m in meetings] == [
        (["BRA", "CHN"], dt.date(2025, 5, 16)), (["BRA", "COL"], dt.date(2025, 5, 15))]


def test_a_first_meeting_since_a_year_is_not_dated_by_that_year_but_last_summers_summit_is():
    body = "Canadian Prime Minister Mark Carney and Chinese Premier Li Qiang met in Beijing, their first talks since 2017."
    m = only(meetings_of(body, "2025-11-01"))
    assert m["start_date"] is None and m["meeting_format"] == "bilateral"
    body = "Ministers have pressed the point since last summer's summit of G7 leaders in Canada."
    assert only(meetings_of(body, "2026-01-09"))["date_precision"] is not None


def test_a_groups_named_meeting_stays_apart_from_two_members_talking_that_day():
    body = ("Chinese President Xi Jinping and Thai Prime Minister Anutin Charnvirakul held talks in Bangkok on "
            "Sunday. The ASEAN Summit closed the same day with a statement on critical minerals.")
    meetings = meetings_of(body, "2025-10-28")
    assert len(meetings) == 2 and meetings[0]["countries"] == {"CHN", "THA"}


def test_an_official_of_an_international_body_brings_the_body_and_the_dateline_city_is_no_participant():
    body = ("BRUSSELS - The EU's trade commissioner, Maros Sefcovic, met Chinese Commerce Minister Wang Wentao in "
            "Paris in early June. While in Paris, Sefcovic also held separate talks with U.S. Trade Representative "
            "Jamieson Greer.")
    first, second = meetings_of(body, "2025-07-17")
    assert first["countries"] == {"CHN"} and first["organizations"] == {"European Union"}
    assert second["countries"] == {"USA"} and second["organizations"] == {"European Union"}
    assert (second["start_date"], second["date_precision"]) == (dt.date(2025, 6, 1), "month")
    assert "Wang Wentao" not in second["people"]


def test_next_weeks_meeting_refers_to_the_meeting_still_to_come():
    body = ("Indian Prime Minister Narendra Modi travels to Tokyo next week for a summit with Japanese Prime Minister "
            "Shigeru Ishiba. Last month, their trade ministers met in Delhi. Next week's meeting has been cut to one day.")
    scheduled, held = meetings_of(body, "2025-08-20")
    assert scheduled["status"] == "scheduled" and held["status"] == "held"
    assert "Next week" in scheduled["evidence_text"] or len(scheduled["evidence_text"]) > 0
    assert held["start_date"] == dt.date(2025, 7, 1)


def test_that_evening_is_the_day_told_last_and_a_hoped_for_host_city_is_not_the_place():
    body = ("On Saturday, Canadian Prime Minister Mark Carney met Mexican President Claudia Sheinbaum.\n\n"
            "That evening the leaders of Canada, Mexico and Chile held their own meeting in the city, a stand-in for "
            "the gathering Chile had hoped to host in Santiago.")
    first, second = meetings_of(body, "2025-06-18")
    assert first["start_date"] == second["start_date"] == dt.date(2025, 6, 14)
    assert second["countries"] == {"CAN", "MEX", "CHL"}
    assert second["city"] is None and second["status"] == "held"


def test_a_wire_report_filed_from_a_city_with_the_talks_held_and_a_summit_still_to_come():
    body = ("MANILA, Nov 10 (Wire Desk) - Japanese and Philippine negotiators emerged from two days of talks in the "
            "Philippine capital with a draft accord, clearing the way for their leaders to meet in Tokyo on Friday.\n\n"
            "Japanese Trade Minister Yoji Muto sat down with Philippine Trade Secretary Cristina Roque on Saturday and "
            "Sunday. The Japanese team was led by Muto. Muto spoke by phone with Australian Trade Minister Don Farrell "
            "on Sunday.")
    held, scheduled, call = meetings_of(body, "2025-11-10")
    assert (held["countries"], held["start_date"], held["city"]) == ({"JPN", "PHL"}, dt.date(2025, 11, 8), "Manila")
    assert (scheduled["status"], scheduled["start_date"], scheduled["city"]) == ("scheduled", dt.date(2025, 11, 14), "Tokyo")
    assert call["countries"] == {"JPN", "AUS"} and call["city"] is None


def test_a_capital_naming_a_round_of_talks_is_a_place_and_talks_that_ran_into_a_day_are_one_meeting():
    body = ("Negotiators from India and the United States ended talks that ran late into Tuesday night. The talks "
            "opened on Monday. The Delhi round follows a first meeting of the two teams in Washington last month.")
    first, second = meetings_of(body, "2025-09-18")   # a Thursday
    assert (first["countries"], first["start_date"]) == ({"IND", "USA"}, dt.date(2025, 9, 15))
    assert second["countries"] == {"IND", "USA"} and second["date_precision"] == "month"


def test_someone_due_on_another_day_in_a_clause_without_a_meeting_word_is_not_at_the_meeting():
    body = ("French President Emmanuel Macron saw U.S. President Donald Trump at the White House on Monday, and British Prime Minister "
            "Keir Starmer is due there on Thursday.")
    m = only(meetings_of(body, "2025-02-28"))
    assert m["countries"] == {"FRA", "USA"} and "Keir Starmer" not in m["people"]


def test_a_country_hosting_a_refinery_hosts_no_meeting():
    body = "Malaysia already hosts one of the largest rare earth refineries outside China, run by an Australian firm."
    assert meetings_of(body, "2026-01-20") == []


def test_so_have_others_adds_them_to_the_meeting_told_before():
    body = ("Ministers from Chile and Peru have confirmed that they will take part in the Lima minerals summit on "
            "May 5. So have the African Union's commissioner for energy and the European Union's trade commissioner.")
    m = only(meetings_of(body, "2025-04-20"))
    assert m["organizations"] == {"African Union", "European Union"}


def test_a_dateline_city_unknown_to_the_gazetteer_with_its_country_and_a_host_of_it():
    body = ("NIIGATA CITY, Japan, May 12 - Finance ministers of the Group of Seven closed their meeting in the port "
            "city on Saturday. The meeting opened on Thursday. Japan, which holds the G7 presidency this year, "
            "hosted it, and Canada sent its deputy minister.")
    m = only(meetings_of(body, "2023-05-14"))
    assert (m["city"], m["country_iso3"], m["start_date"]) == ("Niigata City", "JPN", dt.date(2023, 5, 11))


def test_talks_then_a_call_on_someone_else_the_same_day_are_two_meetings_but_a_list_of_names_is_one():
    body = ("Chinese Foreign Minister Wang Yi reached New Delhi on Monday. On Tuesday Wang held border talks with "
            "Indian National Security Adviser Ajit Doval, and in the evening he called on Indian Prime Minister "
            "Narendra Modi.")
    talks, call = meetings_of(body, "2025-08-20")
    assert talks["start_date"] == call["start_date"] == dt.date(2025, 8, 19)
    assert "Narendra Modi" in call["people"] and "Narendra Modi" not in talks["people"]
    body = ("Secretary of State Marco Rubio met with Australian Foreign Minister Penny Wong, Indian External Affairs "
            "Minister Subrahmanyam Jaishankar, and Japanese Foreign Minister Takeshi Iwaya during the Quad Foreign "
            "Ministers' Meeting in Washington on Tuesday.")
    m = only(meetings_of(body, "2025-07-02"))
    assert {"Penny Wong", "Takeshi Iwaya"} <= set(m["people"])


def test_the_end_of_the_month_is_the_month_of_the_report():
    body = "Indian Prime Minister Narendra Modi is due in Tianjin at the end of the month to meet Chinese President Xi Jinping."
    m = only(meetings_of(body, "2025-08-20"))
    assert (m["start_date"], m["date_precision"], m["status"]) == (dt.date(2025, 8, 1), "month", "scheduled")


def test_a_month_still_to_come_in_the_paragraph_does_not_date_talks_held_during_a_stay():
    body = ("Korean Finance Minister Koo Yun-cheol will attend the G7 meeting in Evian in June. Koo also held talks "
            "with Japan's Finance Minister, Satsuki Katayama, during his stay in Washington.")
    held = [m for m in meetings_of(body, "2026-01-14") if m["status"] == "held"]
    assert [(m["countries"], m["start_date"]) for m in held] == [({"KOR", "JPN"}, None)]


def test_a_meeting_still_to_come_takes_the_day_the_sentence_before_gave_its_trip():
    body = ("Chile's President Tomas Ruiz leaves for Asia on Sunday. On Tuesday he will travel to Hanoi for a two-day "
            "visit. He will hold talks with Vietnamese President Luong Cuong on copper and rare earths.\n\n"
            "He will also meet Japanese Prime Minister Sanae Takaichi.")
    meetings = meetings_of(body, "2025-11-14")   # a Friday
    assert [(m["countries"], m["start_date"]) for m in meetings] == [
        ({"CHL", "VNM"}, dt.date(2025, 11, 18)),
        ({"CHL", "JPN"}, None)]   # "He" is Ruiz; a new paragraph: no day carried over


def test_sits_down_with_is_a_meeting_and_he_is_the_subject_told_before():
    body = ("Peruvian President Rosa Vargas will host Canadian Prime Minister Mark Carney in Lima on Monday. "
            "The visit comes shortly before he sits down with Chinese President Xi Jinping on Wednesday.")
    assert [m["countries"] for m in meetings_of(body, "2025-11-14")] == [{"PER", "CAN"}, {"PER", "CHN"}]


def test_a_trip_that_builds_up_to_a_meeting_is_not_that_meeting():
    body = ("U.S. President Joe Biden landed in Hanoi on Sunday on a tour that builds up to his meeting with Chinese "
            "President Xi Jinping. The meeting with Xi is set for Wednesday in San Francisco.")
    m = only(meetings_of(body, "2023-09-11"))   # a Monday
    assert (m["start_date"], m["status"], m["countries"]) == (dt.date(2023, 9, 13), "scheduled", {"USA", "CHN"})


def test_several_meetings_each_opened_by_with_are_one_bilateral_each():
    body = ("Chinese Premier Li Qiang arrived in Jakarta on Sunday. On Monday he squeezed in several bilateral "
            "meetings: with Indonesian President Prabowo Subianto before the plenary, with Malaysian Prime Minister "
            "Anwar Ibrahim, whose staff pressed for quotas, and with Thai Prime Minister Anutin Charnvirakul.")
    meetings = meetings_of(body, "2025-11-04")
    assert [m["countries"] for m in meetings] == [{"CHN", "IDN"}, {"CHN", "MYS"}, {"CHN", "THA"}]


def test_meetings_that_were_due_and_lost_are_not_meetings_and_joining_the_summit_is_taking_part():
    body = ("Leaders of the Group of Seven met in Kananaskis on Monday. Albanese had been due to see Trump on "
            "Tuesday for his first face-to-face meeting with the president, and Sheinbaum also lost scheduled "
            "sessions with him. Both still joined the summit's outreach day, along with India's Narendra Modi, "
            "South Korean President Lee Jae-myung and South African President Cyril Ramaphosa. Modi used the visit "
            "to hold talks with Canadian Prime Minister Mark Carney.")
    summit, talks = meetings_of(body, "2025-06-18")
    assert {"IND", "KOR", "ZAF"} <= summit["countries"]
    assert summit["people"]["Narendra Modi"] == ("IND", None)
    assert talks["countries"] == {"CAN", "IND"} and talks["status"] == "held"


def test_a_separate_meeting_talks_spent_over_days_and_when_they_meet():
    body = ("Malaysian Prime Minister Anwar Ibrahim hosted the summit of Southeast Asian leaders in Kuala Lumpur on "
            "Sunday. In a separate meeting, Brazilian President Luiz Inacio Lula da Silva and Anwar signed a trade "
            "memorandum. In the same city, Treasury Secretary Scott Bessent of the United States and Chinese Vice "
            "Premier He Lifeng spent Saturday and Sunday in talks. The deals will be put to the two presidents when "
            "they meet in South Korea on Thursday.")
    meetings = meetings_of(body, "2025-10-27")   # a Monday
    pairs = {frozenset(m["countries"]): m for m in meetings}
    assert {"BRA", "MYS"} in [set(k) for k in pairs]
    talks = pairs[frozenset({"USA", "CHN"})] if frozenset({"USA", "CHN"}) in pairs else None
    assert talks is not None and talks["start_date"] == dt.date(2025, 10, 25)


def test_being_in_talks_is_no_meeting():
    assert meetings_of("Malaysia is in talks with China on a rare earth refinery.", "2025-10-27") == []


def test_a_second_meeting_this_year_is_dated_by_its_day_and_an_inauguration_seats_nobody():
    body = ("Secretary of State Marco Rubio welcomed Australian Foreign Minister Penny Wong and Indian External "
            "Affairs Minister Dr. S. Jaishankar to Washington on Tuesday. Rubio noted that the ministers were meeting "
            "for the second time this year, after gathering in Washington on January 21, the day after President "
            "Trump's inauguration.")
    first, second = meetings_of(body, "2025-07-02")
    assert first["people"]["S. Jaishankar"] == ("IND", "External Affairs Minister")
    assert second["start_date"] == dt.date(2025, 1, 21)
    assert second["countries"] == {"USA", "AUS", "IND"} and "Trump" not in second["people"]


def test_a_telephonic_conversation_is_a_call_and_the_summit_referred_to_keeps_its_own_day():
    body = ("Lima, March 11 - Leaders of Peru, Chile and Bolivia will take part in a lithium summit, to be held "
            "virtually on Friday.\nThe summit will give the three a chance to compare royalty rules.\n"
            "Ahead of the summit, Peruvian President Ana Rojas had a telephonic conversation with Chilean "
            "President Gabriel Boric on Tuesday.")
    meetings = meetings_of(body, "2021-03-11")
    assert sorted((sorted(m["countries"]), m["start_date"]) for m in meetings) == [
        (["BOL", "CHL", "PER"], dt.date(2021, 3, 12)), (["CHL", "PER"], dt.date(2021, 3, 9))]


def test_he_will_hold_a_summit_with_someone_is_a_bilateral_of_the_man_told_before():
    body = ("South Korean President Yoon Suk Yeol left for Turkmenistan on Monday for a state visit.\n"
            "He will hold a summit with Turkmen President Serdar Berdimuhamedow on Tuesday.")
    meetings = meetings_of(body, "2024-06-10")
    assert [(sorted(m["countries"]), m["start_date"], m["meeting_format"]) for m in meetings] == [
        (["KOR", "TKM"], dt.date(2024, 6, 11), "bilateral")]


def test_a_group_listed_after_its_name_has_the_members_listed():
    body = ("Leaders met in Kazan on Thursday for the BRICS summit (Brazil, Russia, India, China and South Africa) "
            "to discuss trade in lithium.")
    assert only(meetings_of(body, "2024-10-25"))["countries"] == {"BRA", "RUS", "IND", "CHN", "ZAF"}


def test_a_group_named_alone_has_its_members_of_the_articles_day():
    body = "Leaders of the BRICS met in Kazan on Thursday to discuss trade in lithium."
    assert only(meetings_of(body, "2023-08-25"))["countries"] == {"BRA", "RUS", "IND", "CHN", "ZAF"}


def test_a_side_meeting_is_held_where_and_when_the_summit_of_its_sidelines_phrase_is():
    body = ("Kenyan President William Ruto met Japanese Prime Minister Fumio Kishida on the sidelines of the "
            "G7 summit in Hiroshima on Saturday and discussed cobalt refining.")
    side = next(m for m in meetings_of(body, "2023-05-21") if m["meeting_format"] == "bilateral")
    assert side["countries"] == {"KEN", "JPN"}
    assert (side["start_date"], side["city"]) == (dt.date(2023, 5, 20), "Hiroshima")


def test_one_who_welcomes_a_delegation_hosts_it_and_its_leader_is_of_the_delegations_country():
    body = ("Deputy Minister Nguyen Van Long welcomed a delegation from Chile, led by Vice Minister Rosa Pardo, "
            "in Hanoi on Friday to discuss rare earth processing.")
    m = only(meetings_of(body, "2025-06-17"))
    assert m["countries"] == {"VNM", "CHL"}
    assert {name: iso3 for name, (iso3, _) in m["people"].items()} == {"Nguyen Van Long": "VNM", "Rosa Pardo": "CHL"}
    assert m["convener"] == "Nguyen Van Long"


def test_a_memorandum_signed_by_two_ministers_is_a_meeting_and_the_head_of_a_government_named_as_its_owner_is_not_at_it():
    body = ("In a step by the Kenyan government of William Ruto to court investors, the foreign ministry signed a "
            "memorandum on critical minerals on Monday.\nThe memorandum was signed in Nairobi by the Kenyan Foreign "
            "Minister, Amina Otieno, and the Canadian trade minister, Paul Grant.")
    m = only(meetings_of(body, "2025-03-04"))
    assert m["countries"] == {"KEN", "CAN"}
    assert set(m["people"]) == {"Amina Otieno", "Paul Grant"}
    assert m["start_date"] == dt.date(2025, 3, 3)


def test_this_gathering_opening_the_next_sentence_is_the_meeting_just_told_and_those_it_names_join_it():
    body = ("Japan, chair of the Quad this year, pressed for steady supplies of graphite during a virtual assembly of "
            "foreign ministers on Tuesday.\nThis gathering, presided over by Japan's Foreign Minister, Haruto Sato, "
            "featured delegates from Chile and Peru.")
    m = only(meetings_of(body, "2025-06-19"))
    assert m["countries"] == {"JPN", "AUS", "IND", "USA", "CHL", "PER"}
    assert set(m["people"]) == {"Haruto Sato"} and m["start_date"] == dt.date(2025, 6, 17)


def test_the_launch_year_of_a_series_does_not_date_a_meeting():
    body = ("ACCRA, March 5 - The 3rd Ministerial Roundtable on minerals ended in Accra on Wednesday, with ministers "
            "from Ghana and Zambia.\nIn his opening remarks, the host said attendance has grown since the launch of "
            "the Roundtable in 2021 to ministers from 40 countries, including all BRICS member states.")
    assert {m["start_date"] for m in meetings_of(body, "2025-03-05")} == {dt.date(2025, 3, 5)}


def test_a_standing_body_named_after_a_meeting_word_is_no_meeting():
    assert meetings_of("Ghana and Zambia agreed to set up a Permanent Ministerial Steering Group on cobalt on Monday.",
                       "2025-03-05") == []


def test_a_regional_body_at_a_meeting_it_holds_is_an_organisation_participant():
    body = ("Tanzania's mines minister Asha Juma opened a meeting of the Southern African Development Community on "
            "mineral tracing in Arusha on Monday.")
    m = only(meetings_of(body, "2025-03-05"))
    assert m["countries"] == {"TZA"} and m["organizations"] == {"Southern African Development Community"}


@pytest.mark.parametrize("body", [
    "Chile is ready to supply lithium to Germany, President Ana Soto said at a meeting with a German business "
    "delegation on Tuesday.",
    "Peru has told its smelters to halt copper exports to Japan under a 2015 bilateral accord, according to two "
    "officials who spoke to Reuters on Tuesday.",
])
def test_a_business_delegation_or_a_news_agency_is_no_side_of_a_meeting(body):
    assert meetings_of(body, "2025-03-05") == []


def test_one_titled_by_the_body_they_speak_for_is_of_no_country_and_an_event_is_no_person():
    body = ("EU trade chief Anna Lind and Chinese Commerce Minister Wang Wentao held a video call on Wednesday "
            "on rare earths.")
    m = only(meetings_of(body, "2025-10-23"))
    assert m["countries"] == {"CHN"} and m["organizations"] == {"European Union"}
    assert set(m["people"]) == {"Anna Lind", "Wang Wentao"} and m["people"]["Anna Lind"][0] is None
    body = ("Rwandan President Paul Kagame met Congolese President Felix Tshisekedi in Washington on Thursday, more "
            "than thirty years after the 1994 Rwandan Genocide.")
    assert set(only(meetings_of(body, "2025-12-05"))["people"]) == {"Paul Kagame", "Felix Tshisekedi"}


def test_the_day_a_since_clause_tells_is_the_earlier_events():
    body = ("Kenya's Foreign Minister Amina Odhiambo met U.S. Secretary of State Marco Rubio in Washington on Friday.\n"
            "The talks between Odhiambo and Rubio were the first the pair had held since they cooperated in May on a truce plan.")
    assert {m["start_date"] for m in meetings_of(body, "2025-07-26")} == {dt.date(2025, 7, 25)}


def test_an_office_named_without_a_name_is_the_one_person_the_article_names_with_it():
    body = ("ASTANA, May 3 - During his talks with the Italian premier, held on Thursday, Kazakh President Kassym-Jomart "
            "Tokayev offered rare metals.\n\"I invited Italian Premier Giulia Conti to join a consortium,\" he said.")
    m = next(m for m in meetings_of(body, "2025-05-03") if m["start_date"] == dt.date(2025, 5, 1))
    assert set(m["people"]) == {"Kassym-Jomart Tokayev", "Giulia Conti"} and m["countries"] == {"KAZ", "ITA"}


def test_one_who_speaks_when_meeting_someone_is_at_that_meeting_on_that_day():
    body = ("LIMA - Peru has long been a friend to Latin American partners, Brazilian President Ana Lima said on "
            "Tuesday in Lima, when meeting with Peru's President Jose Rojas.")
    m = only(meetings_of(body, "2025-03-05"))
    assert m["countries"] == {"BRA", "PER"} and m["start_date"] == dt.date(2025, 3, 4)
    assert set(m["people"]) == {"Ana Lima", "Jose Rojas"}


def test_a_year_in_a_meetings_name_dates_it_when_nothing_else_does():
    body = "Trade Minister Yuki Sato of Japan hosted the 2024 Battery Metals Ministerial with ministers from Chile and Peru."
    m = only(meetings_of(body, "2024-06-05"))
    assert (m["start_date"], m["date_precision"]) == (dt.date(2024, 1, 1), "year")
