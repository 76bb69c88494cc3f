"""Page furniture: text a web page carries around an article that no sentence of the article holds: a
stamp of the day it was stored (" date 2025-02-04 HONG KONG, Feb 4 - ..."), "Advertisement",
"Read more: ...", "Related: ..." links, "Skip to main content", a wire's "(Reporting by ...; Editing by
...)" credit, a photo's caption. The reader sees it as blanks, and a line break inside a sentence as a space, so every
offset into the body stays as it was."""

from __future__ import annotations

import re

# " date 2025-02-04 " at the very start: the day a page store saw the page, not a word of the article.
PAGE_STAMP = re.compile(r"\A\s*date \d{4}-\d{2}-\d{2}(?=\s)")
# A line that is only a label of the page around the article.
FURNITURE_LINE = re.compile(
    r"^[ \t]*(?:advertisement|sponsored(?: content)?|skip to (?:main )?content|(?:read|see) more(?:\b[^\n]{0,200})?|"
    r"(?:related|also read|read also|see also|more on this|recommended)(?: (?:articles?|stories|coverage|news))?"
    r"\s*[:|-][^\n]{0,200}|share (?:this|on)\b[^\n]{0,60}|(?:subscribe|sign up)\b[^\n]{0,120}|"
    r"\(?reporting by [^\n]{0,200}(?:editing|writing) by [^\n]{0,120})[ \t]*$", re.I | re.M)

# A photo caption on a line of its own: what a picture shows, then where and the day it was taken ("A
# sample of ore is displayed at the museum in Beijing, China, October 14, 2025. Reuters").
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
PHOTO_CAPTION = re.compile(
    r"^[ \t]*[^\n]{0,300}\b(?:is|are)\s+(?:displayed|seen|pictured|shown)\b[^\n]{0,300},\s+" + _MONTH
    + r"\s+\d{1,2},\s+\d{4}\.?(?:\s+(?:REUTERS|Reuters|AFP|AP|Photo|File)\b[^\n]{0,80})?[ \t]*$", re.M)


def _blank(text: str, match: re.Match) -> str:
    return text[:match.start()] + re.sub(r"[^\n]", " ", match.group(0)) + text[match.end():]


SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")


def _hard_wrapped(lines: list[str]) -> bool:
    """Whether the text is broken into lines of a fixed width, as wires and archives store it: most
    lines between 35 and 90 characters."""
    full = [line.rstrip() for line in lines if line.strip()]
    return len(full) >= 6 and sum(35 <= len(line) <= 90 for line in full) >= 0.6 * len(full)


def join_wrapped_lines(body: str) -> str:
    """Line breaks inside a sentence read as spaces: a break before a lower-case word ("a ban on\nthe
    export of lithium"), or, in a hard-wrapped text, after a line that does not end a sentence. A
    headline's break (before a capital, after a short line of a text that is not wrapped) is kept."""
    lines = body.split("\n")
    wrapped, out, at = _hard_wrapped(lines), list(body), 0
    for line, after in zip(lines, lines[1:]):
        at += len(line)
        if line.strip() and after.strip() and (after.lstrip()[:1].islower() or wrapped and not SENTENCE_END.search(line)):
            out[at] = " "
        at += 1
    return "".join(out)


def mask_furniture(body: str) -> str:
    """The body with its page furniture replaced by spaces (line breaks kept): same length, same offsets."""
    stamp = PAGE_STAMP.match(body)
    if stamp:
        body = _blank(body, stamp)
    for m in [*FURNITURE_LINE.finditer(body), *PHOTO_CAPTION.finditer(body)]:
        body = _blank(body, m)
    return join_wrapped_lines(body)
