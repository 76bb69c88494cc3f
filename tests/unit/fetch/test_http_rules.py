"""The fetch rules that need no server: which addresses may be fetched, Retry-After, feed links, the
User-Agent."""

from __future__ import annotations

import email.utils
import time

from pipeline.fetch.http import PROJECT_URL, address_problem, retry_after_s, user_agent
from pipeline.fetch.run import feed_links


def test_only_http_and_public_addresses_unless_private_allowed() -> None:
    assert "not an http(s) address" in address_problem("file:///etc/passwd", allow_private=True)
    assert "not an http(s) address" in address_problem("ftp://127.0.0.1/x", allow_private=True)
    refused = address_problem("http://127.0.0.1:8000/a.html", allow_private=False)
    assert "loopback, private or reserved address (127.0.0.1)" in refused
    assert "allow_private: true" in refused
    assert "(10.1.2.3)" in address_problem("http://10.1.2.3/", allow_private=False)
    assert "(169.254.169.254)" in address_problem("http://169.254.169.254/latest", allow_private=False)
    assert "(::1)" in address_problem("http://[::1]/", allow_private=False)
    assert address_problem("http://127.0.0.1:8000/a.html", allow_private=True) is None


def test_retry_after_seconds_or_http_date() -> None:
    assert retry_after_s("120") == 120.0
    assert retry_after_s(None) is None
    assert retry_after_s("soon") is None
    in_a_minute = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 55 <= retry_after_s(in_a_minute) <= 60
    assert retry_after_s(email.utils.formatdate(time.time() - 600, usegmt=True)) == 0.0


def test_feed_links_rss_and_atom_relative_links_resolved() -> None:
    rss = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
           b"<item><link>https://example.org/a.html</link></item><item><link>/b.html</link></item>"
           b"<item><link>mailto:desk@example.org</link></item><item><link>https://example.org/a.html</link></item>"
           b"</channel></rss>")
    assert feed_links(rss, "https://example.org/rss.xml") == (
        ["https://example.org/a.html", "https://example.org/b.html"], None)
    atom = (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>T</title><id>x</id>"
            b"<entry><title>E</title><id>e</id><link href='news/c.html'/></entry></feed>")
    assert feed_links(atom, "https://example.org/feeds/atom.xml") == (["https://example.org/feeds/news/c.html"], None)
    links, problem = feed_links(b"<html><body>not a feed</body></html>", "https://example.org/rss.xml")
    assert links == [] and problem.startswith("not an RSS or Atom feed")


def test_user_agent_names_the_project_its_address_and_the_contact() -> None:
    assert user_agent() == f"critmin/0.1.0 (+{PROJECT_URL})"
    assert user_agent("data@example.org") == f"critmin/0.1.0 (+{PROJECT_URL}; data@example.org)"
