"""Page furniture: text a web page carries around an article that no sentence of the article holds: a
stamp of the day it was stored (" date 2025-02-04 HONG KONG, Feb 4 - ..."), "Advertisement",
"Read more: ...", "Related: ..." links, "Skip to main content", a wire's "(Reporting by ...; Editing by
...)" credit. The reader sees it as blanks, so every offset into the body stays as it was."""

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


def _blank(text: str, match: re.Match) -> str:
    return text[:match.start()] + re.sub(r"[^\n]", " ", match.group(0)) + text[match.end():]


def mask_furniture(body: str) -> str:
    """The body with its page furniture replaced by spaces (line breaks kept): same length, same offsets."""
    stamp = PAGE_STAMP.match(body)
    if stamp:
        body = _blank(body, stamp)
    for m in list(FURNITURE_LINE.finditer(body)):
        body = _blank(body, m)
    return body
