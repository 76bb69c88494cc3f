"""The patterns the article reader (extract.py) matches in running text: company words, the words that
make a country a place, back references to a meeting told before, statement days, live-blog headings,
titles and romanised names."""

from __future__ import annotations

import re

from pipeline.extract.lexicon import alternation

COMPANY_WORDS = re.compile(
    r"\b(?:Bank|Daily|Times|Post|News|Herald|Journal|Ltd|Inc|Corp|Corporation|Group|Holdings|Co|Company|"
    r"Airlines|Mining|Resources|Metals|Rare Earths|University|Institute|Zinc|Energy|Motors|Steel|Fund)\b")
# "the South Korean city of Busan": a place, not a party.
PLACE_NOUN_AFTER = re.compile(r"^\s*(?:city|capital|town|port|resort|province|region|state|island|coast|border)\b", re.I)
# Dates counted from another date of the sentence, not from publication.
ANCHORED_DATE = re.compile(r"\b(?:previous|following|next|same)\s+day\b|\bday\s+(?:before|after|earlier|later)\b|"
                           r"\b(?:days?|weeks?)\s+(?:earlier|later)\b", re.I)

THAT_YEAR = re.compile(r"^\s*(?:of\s+)?(?:that|the same|the following|the previous)\s+year\b", re.I)
SAME_PARTIES = re.compile(r"\b(?:the same|these|those|both|the (?:two|three|four|five|six|seven) "
                          r"(?:ministers|leaders|countries|governments|sides|teams|delegations|negotiators)|"
                          r"the (?:ministers|leaders|delegations) (?:were|had|have|met|meet)|"
                          r"their (?:\w+\s+){0,2}(?:ministers|leaders|officials|negotiators|envoys|delegations|teams))\b", re.I)
# "the two-day meeting", "that summit": a meeting the article has already introduced.
BACK_REFERENCE = re.compile(r"\b(?:hosted|chaired|convened|opened|closed|presided over)\s+(?:(?:the|this|that)\s+"
                            r"(?:[\w-]+\s+){0,2}?(?:meeting|summit|gathering|session|ministerial|conference)\b"
                            r"(?!\s+(?:of|between|with)\b)|(?:it|them)\b)", re.I)
# "Trump's inauguration", "Xi's remarks": a person's own event or words, which seat nobody at a table.
POSSESSED_EVENT = re.compile(r"[’']s\s+(?:\w+\s+)?(?:inauguration|election|re-election|administration|government|cabinet|"
                             r"tariffs?|polic(?:y|ies)|remarks|comments|threats?|orders?|decisions?|campaign|party|term|"
                             r"death|funeral|birthday|speech|post|statement)\b", re.I)
# "said on Monday", "announced on June 3": the day of a statement, not of what it reports.
REPORTED = re.compile(rf"\b(?:{alternation('reporting_verbs', 'announcing_verbs')})\b")
# "said on Monday" just before a date: the date is the statement's.
REPORTED_BEFORE = re.compile(REPORTED.pattern + r"[^.]{0,12}$")
# "That evening", "later that day": the day the article told last.
THAT_DAY = re.compile(r"\b(?:that|the same) (?:evening|night|afternoon|morning|day)\b|\blater that day\b", re.I)
# "Saturday, November 1" on a line of its own: the day of the live-blog entries under it.
DATE_HEADER = re.compile(r"^[ \t]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?(?:\d{1,2}[ \t]+[A-Z][a-z]+|"
                         r"[A-Z][a-z]+\.?[ \t]+\d{1,2})(?:,?[ \t]+\d{4})?[ \t]*$", re.M)
# "09:55 BST - Good morning from London": the time stamp that opens each entry of a live blog.
LIVE_ENTRY = re.compile(r"^\s*\d{1,2}[:.]\d{2}\b(?:\s*(?:[AP]\.?M\.?|[A-Z]{2,4}))?\s*[-–—:|]", re.M)
# Words between two people of a sentence that put them on opposite sides of a meeting.
OPPOSITE_SIDES = re.compile(r"\b(?:met|meets?|meeting|with|hosted|hosts?|hosting|welcomed|welcomes|received|receives|"
                            r"talks|spoke|speaks|called|calls|counterparts?)\b", re.I)
PERSON_FOLLOWERS = re.compile(
    r"^\s*(?:(?:and|,)\s+[A-Z][\w.\-]+\s+)?(?:[A-Z][\w.\-]+\s+){0,4}?(?:delegations?|government|officials?|"
    r"counterparts?|ministers?|leaders?|presidents?|prime ministers?|premiers?|chancellors?|secretary|secretaries|"
    r"envoys?|diplomats?|representatives?|team|negotiators?|heads? of (?:state|government))\b", re.I)

# "the two countries' foreign ministers, A and B": one person for each of two countries, in order.
TWO_COUNTRIES_PEOPLE = re.compile(r"\b(?:the|their) (?:two|both) (?:countries|nations|governments)[’']\s+"
                                  r"(?:[a-z\-]+\s+){0,3}[a-z\-]+s,?\s+", re.I)
# Words before a country that make it a place someone is in or goes to, not a side they stand for.
PLACE_BEFORE = re.compile(r"\b(?:in|to|at|into|from|across|via|visit(?:ed|ing|s)?|tour(?:ed|ing|s)?|reach(?:ed|es)?|"
                          r"land(?:ed|s)?\s+in|arrive[sd]?\s+in)\s+(?:the\s+)?$", re.I)
# Words of a role that name the office whichever country holds it: "South Korean President" -> "president".
_OFFICE_WORDS = re.compile(r"\b(?:deputy|vice|first|prime|foreign|finance|trade|commerce|economy|energy|defence|"
                           r"defense|mining|mines|industry|president|minister|premier|chancellor|secretary|treasurer|"
                           r"king|queen|emperor|emir|sultan)\b", re.I)
# Syllables of Mandarin pinyin: initial + final. A name made only of them is romanised Mandarin.
_PINYIN_SYLLABLE = (r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|"
                    r"an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v)")
_PINYIN_WORD = re.compile(rf"(?:{_PINYIN_SYLLABLE}){{1,2}}")
