"""The patterns the article reader (extract.py) matches in running text: company words, the words that
make a country a place, back references to a meeting told before, statement days, live-blog headings,
titles and romanised names. Each regex, its reason and its examples are in lexicons/patterns.yaml."""

from __future__ import annotations

from pipeline.extract.lexicon import pattern

COMPANY_WORDS = pattern("company_words")
# "the South Korean city of Busan": a place, not a party.
PLACE_NOUN_AFTER = pattern("place_noun_after")
# Dates counted from another date of the sentence, not from publication.
ANCHORED_DATE = pattern("anchored_date")
THAT_YEAR = pattern("that_year")
SAME_PARTIES = pattern("same_parties")
# "the two-day meeting", "that summit": a meeting the article has already introduced.
BACK_REFERENCE = pattern("back_reference")
# "Trump's inauguration", "Xi's remarks": a person's own event or words, which seat nobody at a table.
POSSESSED_EVENT = pattern("possessed_event")
# "the US government of Joe Biden": the head of a government, named as its owner, is not at the table.
HEAD_OF_GOVERNMENT = pattern("head_of_government")
# "said on Monday", "announced on June 3": the day of a statement, not of what it reports.
REPORTED = pattern("reported")
# "said on Monday" just before a date: the date is the statement's.
REPORTED_BEFORE = pattern("reported_before")
# "That evening", "later that day": the day the article told last.
THAT_DAY = pattern("that_day")
# "Saturday, November 1" on a line of its own: the day of the live-blog entries under it.
DATE_HEADER = pattern("date_header")
# "09:55 BST - Good morning from London": the time stamp that opens each entry of a live blog.
LIVE_ENTRY = pattern("live_entry")
# Words between two people of a sentence that put them on opposite sides of a meeting.
OPPOSITE_SIDES = pattern("opposite_sides")
PERSON_FOLLOWERS = pattern("person_followers")
# "Mei Tan, an analyst at a consultancy", "said economist Li Wen": who comments on a meeting, not at it.
COMMENTATOR_AFTER = pattern("commentator_after")
COMMENTATOR_BEFORE = pattern("commentator_before")
# "the two countries' foreign ministers, A and B": one person for each of two countries, in order.
TWO_COUNTRIES_PEOPLE = pattern("two_countries_people")
# Words before a country that make it a place someone is in or goes to, not a side they stand for.
PLACE_BEFORE = pattern("place_before")
# Words of a role that name the office whichever country holds it: "South Korean President" -> "president".
_OFFICE_WORDS = pattern("office_words")
# Syllables of Mandarin pinyin: initial + final. A name made only of them is romanised Mandarin.
_PINYIN_SYLLABLE = pattern("pinyin_syllable").pattern
_PINYIN_WORD = pattern("pinyin_word")
