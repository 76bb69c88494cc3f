"""One page is known by one address: a feed that links it with a fragment, tracking parameters or another
spelling of the host does not make critmin fetch it twice."""

from __future__ import annotations

from pipeline.fetch.run import feed_links, url_key

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>A</title><link>https://News.Example.org/a.html?utm_source=rss&amp;utm_medium=feed</link></item>
<item><title>A again</title><link>https://news.example.org/a.html#comments</link></item>
<item><title>B</title><link>https://news.example.org/b.html?id=2&amp;fbclid=xyz</link></item>
</channel></rss>"""


def test_the_key_of_an_address_drops_case_fragments_and_tracking_parameters():
    assert url_key("https://News.Example.org/a.html?utm_source=rss&id=3#top") == "https://news.example.org/a.html?id=3"
    assert url_key("https://news.example.org/a.html?fbclid=1") == "https://news.example.org/a.html"
    assert url_key("https://news.example.org/a.html?id=3") != url_key("https://news.example.org/a.html?id=4")


def test_a_feed_linking_one_page_twice_gives_it_once():
    links, problem = feed_links(RSS, "https://news.example.org/rss.xml")
    assert problem is None
    assert links == ["https://News.Example.org/a.html?utm_source=rss&utm_medium=feed",
                     "https://news.example.org/b.html?id=2&fbclid=xyz"]
