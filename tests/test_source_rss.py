"""RSS/Atom source against a real local HTTP server: formats, conditional GET, bad bodies."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from crisistui.domain.clock import ManualClock
from crisistui.domain.text import normalise
from crisistui.pipeline.language import identify
from crisistui.sources import feed_encoding, http, rss
from crisistui.sources.base import SourceError
from crisistui.sources.rss import RssSource

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
RSS_TYPE = "application/rss+xml; charset=utf-8"

RSS2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Travel Desk</title>
  <link>https://news.example/</link>
  <description>Travel news</description>
  <atom:link href="https://news.example/feed" rel="self" type="application/rss+xml"/>
  <item>
    <title>Acme Air cancels 40 flights after outage</title>
    <link>https://news.example/acme-outage</link>
    <guid isPermaLink="false">news-example-1001</guid>
    <pubDate>Wed, 01 May 2024 10:00:00 +0000</pubDate>
    <dc:creator><![CDATA[Jane Reporter]]></dc:creator>
    <description><![CDATA[<p>Passengers stranded at <b>three airports</b>.</p>]]></description>
    <content:encoded><![CDATA[<p>The full article, much longer.</p>]]></content:encoded>
  </item>
  <item>
    <title>Acme Air restores service</title>
    <link>https://news.example/acme-restored</link>
    <guid isPermaLink="false">news-example-1002</guid>
    <pubDate>Wed, 01 May 2024 11:30:00 +0000</pubDate>
    <dc:creator>Sam Writer</dc:creator>
    <content:encoded><![CDATA[<p>Only the encoded body says this.</p>]]></content:encoded>
  </item>
</channel>
</rss>
"""

RSS1 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://blog.example/">
    <title>Flyer blog</title>
    <link>https://blog.example/</link>
    <description>Notes from frequent flyers</description>
    <items><rdf:Seq>
      <rdf:li rdf:resource="https://blog.example/1"/>
      <rdf:li rdf:resource="https://blog.example/2"/>
    </rdf:Seq></items>
  </channel>
  <item rdf:about="https://blog.example/1">
    <title>My Acme Air lounge visit</title>
    <link>https://blog.example/1</link>
    <description>Comfortable chairs, cold coffee.</description>
    <dc:date>2024-05-01T09:15:00Z</dc:date>
    <dc:creator>Bob</dc:creator>
  </item>
  <item rdf:about="https://blog.example/2">
    <title>Acme Air lost my bag</title>
    <link>https://blog.example/2</link>
    <dc:date>2024-05-01T09:45:00+02:00</dc:date>
  </item>
</rdf:RDF>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Status of Acme Air</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-05-01T10:30:00Z</updated>
  <link rel="self" href="https://status.example/feed.atom"/>
  <entry>
    <title type="text">Acme Air booking site degraded</title>
    <link rel="alternate" href="https://status.example/incidents/77"/>
    <id>tag:status.example,2024:incident-77</id>
    <updated>2024-05-01T10:30:00Z</updated>
    <author><name>Acme Ops</name></author>
    <summary type="html">&lt;p&gt;Logins fail for some users.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>Acme Air check-in recovered</title>
    <link href="https://status.example/incidents/78"/>
    <id>tag:status.example,2024:incident-78</id>
    <published>2024-05-01T08:00:00-04:00</published>
    <updated>2024-05-01T12:10:00Z</updated>
    <author><name>Acme Ops</name><email>ops@status.example</email></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">All good now.</div></content>
  </entry>
</feed>
"""


def google_news_item(guid: str, headline: str, publisher: str, site: str, hour: int) -> str:
    """One item as Google News search feeds write it (the description is escaped HTML)."""
    link = f"https://news.google.com/rss/articles/{guid}?oc=5"
    description = (
        f'&lt;a href="{link}" target="_blank"&gt;{headline}&lt;/a&gt;&amp;nbsp;&amp;nbsp;'
        f'&lt;font color="#6f6f6f"&gt;{publisher}&lt;/font&gt;'
    )
    return f"""
  <item>
    <title>{headline} - {publisher}</title>
    <link>{link}</link>
    <guid isPermaLink="false">{guid}</guid>
    <pubDate>Wed, 01 May 2024 {hour:02d}:00:00 GMT</pubDate>
    <description>{description}</description>
    <source url="{site}">{publisher}</source>
  </item>"""


GOOGLE_NEWS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<rss xmlns:media="http://search.yahoo.com/mrss/" version="2.0">
<channel>
  <generator>NFE/5.0</generator>
  <title>"acme air" - Google News</title>
  <link>https://news.google.com/search?q=%22acme+air%22&amp;hl=en-US</link>
  <language>en-US</language>
  {
    google_news_item(
        "CBMiAAA",
        "Acme Air delays flights across Europe",
        "Marks &amp; Spencer News",
        "https://dailyplanet.example",
        10,
    )
}
  {
    google_news_item(
        "CBMiBBB",
        "Regulator looks at Acme Air refunds - Sky",
        "Radio 4",
        "https://radio4.example",
        11,
    )
}
</channel>
</rss>
""".encode()

UNDATED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Forum</title>
  <item><title>Acme Air crew were lovely</title><guid isPermaLink="false">post-1</guid></item>
  <item><title>No id, no link, no date: Acme Air</title><description>Anonymous</description></item>
</channel></rss>
"""


def serve(server: HTTPServer, body: bytes, content_type: str = RSS_TYPE, **kw) -> str:
    server.expect_request("/feed").respond_with_data(body, content_type=content_type, **kw)
    return server.url_for("/feed")


def source(url: str, clock: ManualClock | None = None) -> RssSource:
    return RssSource("feed", url, 300.0, keep_unmatched=False, now=clock.now if clock else None)


def serve_in_turn(server: HTTPServer, *bodies: bytes, content_type: str = RSS_TYPE) -> str:
    """A feed that serves ``bodies`` one poll after another, the last one from then on."""
    served = list(bodies)

    def handler(_request: Request) -> Response:
        body = served.pop(0) if len(served) > 1 else served[0]
        return Response(body, content_type=content_type)

    server.expect_request("/feed").respond_with_handler(handler)
    return server.url_for("/feed")


DATED = "<pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>"
"""A date for entries of tests about something else: undated entries of a first poll are
backlog, and skipped."""


# -- formats -----------------------------------------------------------------------------------


async def test_rss2_items_have_guid_creator_and_date(httpserver: HTTPServer, client) -> None:
    items = await source(serve(httpserver, RSS2)).poll(client)

    assert [i.external_id for i in items] == ["news-example-1001", "news-example-1002"]
    first, second = items
    assert first.author == "Jane Reporter"
    assert first.url == "https://news.example/acme-outage"
    assert first.created_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert first.text.startswith("Acme Air cancels 40 flights after outage — ")
    assert "three airports" in first.text
    assert "Only the encoded body says this." in second.text  # content:encoded, no description
    assert second.author == "Sam Writer"


RSS091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel>
  <title>Old school</title><link>http://old.example/</link><description>x</description>
  <language>en-us</language>
  <item><title>Acme Air caf\xe9 review</title><link>http://old.example/1</link>
    <description>Fine &amp; dandy</description></item>
</channel></rss>
"""


async def test_rss091_without_guid_or_date(httpserver: HTTPServer, client) -> None:
    """The link is the id; the entry, new since the first poll, is dated by the poll."""
    clock = ManualClock(T0)
    empty = RSS091.split(b"<item>")[0] + b"</channel></rss>"
    feed = source(serve_in_turn(httpserver, empty, RSS091, content_type="text/xml"), clock)
    assert await feed.poll(client) == []
    clock.advance(300)
    items = await feed.poll(client)
    assert [(i.external_id, i.text, i.created_at) for i in items] == [
        (
            "http://old.example/1",
            "Acme Air caf\xe9 review — Fine & dandy",
            T0 + timedelta(minutes=5),
        )
    ]


async def test_rss1_rdf(httpserver: HTTPServer, client) -> None:
    items = await source(serve(httpserver, RSS1, "application/rdf+xml")).poll(client)

    assert [i.external_id for i in items] == ["https://blog.example/1", "https://blog.example/2"]
    assert items[0].author == "Bob"
    assert items[0].text == "My Acme Air lounge visit — Comfortable chairs, cold coffee."
    assert items[0].created_at == datetime(2024, 5, 1, 9, 15, tzinfo=UTC)
    assert items[1].created_at == datetime(2024, 5, 1, 7, 45, tzinfo=UTC)


async def test_atom(httpserver: HTTPServer, client) -> None:
    items = await source(serve(httpserver, ATOM, "application/atom+xml")).poll(client)

    assert [i.external_id for i in items] == [
        "tag:status.example,2024:incident-77",
        "tag:status.example,2024:incident-78",
    ]
    assert {i.author for i in items} == {"Acme Ops"}
    assert items[0].url == "https://status.example/incidents/77"
    assert items[0].created_at == datetime(2024, 5, 1, 10, 30, tzinfo=UTC)
    assert "Logins fail" in items[0].text
    assert items[1].created_at == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)  # published wins


TAGGED_RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
  <title>Haberler</title><link>https://haber.example/</link><language>tr-TR</language>
  <item><title>Kolay Bank uygulaması çöktü</title><guid>h1</guid>
    {DATED}</item>
  <item><title>Awaria aplikacji Kolay Bank</title><guid>h2</guid><dc:language>pl</dc:language>
    {DATED}</item>
</channel></rss>""".encode()

TAGGED_ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>Nachrichten</title><id>n</id>
  <updated>2024-05-01T10:00:00Z</updated>
  <entry xml:lang="nl"><title>Storing bij Kolay Bank</title><id>a1</id>
    <updated>2024-05-01T10:00:00Z</updated></entry>
  <entry><title>Ausfall bei der Kolay Bank</title><id>a2</id>
    <updated>2024-05-01T10:00:00Z</updated></entry>
</feed>"""


async def test_a_feeds_and_an_entrys_language_tags_are_the_items_language(
    httpserver: HTTPServer, client
) -> None:
    """RSS ``<language>`` for every item, ``dc:language`` for one; Atom ``xml:lang`` on the
    feed or the entry: the pipeline reads them as a source's tag (``tr-TR`` is ``tr``)."""
    rss = await source(serve(httpserver, TAGGED_RSS)).poll(client)
    assert [i.lang for i in rss] == ["tr-TR", "pl"]
    httpserver.clear()
    atom = await source(serve(httpserver, TAGGED_ATOM, "application/atom+xml")).poll(client)
    assert [i.lang for i in atom] == ["nl", "de"]
    assert identify(rss[0].text, rss[0].lang).code == "tr"


async def test_atom_plain_text_keeps_its_angle_brackets(httpserver: HTTPServer, client) -> None:
    """Atom's type="text" is plain: "&lt;tag&gt;" is the text "<tag>", not a tag to drop;
    type="html" is still read as HTML."""
    feed = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>1</id><updated>2024-05-01T10:00:00Z</updated>
<title type="text">Acme Air &lt;tag&gt; title</title>
<summary type="text">a &lt;b&gt;literal&lt;/b&gt; link ?a=1&amp;copy=2</summary></entry>
<entry><id>2</id><updated>2024-05-01T10:00:00Z</updated>
<title type="html">Acme Air &lt;b&gt;bold&lt;/b&gt; &amp;lt;encore&amp;gt;</title></entry>
</feed>"""
    items = await source(serve(httpserver, feed, "application/atom+xml")).poll(client)
    assert [normalise(i.text) for i in items] == [
        "Acme Air <tag> title — a <b>literal</b> link ?a=1&copy=2",
        "Acme Air bold <encore>",
    ]


async def test_an_entrys_scripts_styles_and_comments_are_never_its_text(
    httpserver: HTTPServer, client
) -> None:
    """The pipeline reads an entry's text only, whatever HTML it carries; an entry of
    megabytes of tags is read up to what a mention keeps."""
    soup = "<div><a href='x'><b>more</b></a><span class=c>filler</span></div>" * 100_000
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid>1</guid>{DATED}<title>Acme Air delays</title>
<description><![CDATA[<script>steal()</script><style>p {{color: red}}</style>
<p>Gate <i>12</i> closed</p><!-- note -->
<iframe src="https://evil.example">framed</iframe><object>kept?</object>]]></description></item>
<item><guid>2</guid>{DATED}<title>Acme Air soup</title>
<description><![CDATA[<p>Start of it.</p>{soup}]]></description></item>
</channel></rss>""".encode()
    first, second = await source(serve(httpserver, feed)).poll(client)
    assert normalise(first.text) == "Acme Air delays — Gate 12 closed framedkept?"
    assert normalise(second.text).startswith("Acme Air soup — Start of it. morefiller morefi")
    assert normalise(second.text).endswith(" morefiller")  # no tag cut in two, read as text
    assert len(second.text) <= rss.MAX_HTML_CHARS + len("Acme Air soup — ")


async def test_a_guid_that_is_no_address_is_no_link(httpserver: HTTPServer, client) -> None:
    """feedparser makes a guid the link when an item has none: "x1" became a link to
    "/x1" on the feed's host; a guid that is a URL still is one."""
    items = "".join(
        f"<item><title>Acme Air {guid}</title><guid>{guid}</guid>{DATED}</item>"
        for guid in ("x1", "https://news.example/a/2", "HTTPS://news.example/a/3", "/posts/4")
    )
    feed = f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode()
    found = await source(serve(httpserver, feed)).poll(client)
    assert [(i.external_id, i.url) for i in found] == [
        ("x1", None),
        ("https://news.example/a/2", "https://news.example/a/2"),
        ("HTTPS://news.example/a/3", "HTTPS://news.example/a/3"),
        ("/posts/4", httpserver.url_for("/posts/4")),
    ]


async def test_wordpress_boilerplate_is_not_part_of_what_an_entry_says(
    httpserver: HTTPServer, client
) -> None:
    summary = (
        "<p>Passengers waited four hours at Orly.</p><p>The post "
        '<a href="https://blog.example/acme">Acme Air strands passengers</a> appeared first on '
        '<a href="https://blog.example">Travel Blog</a>.</p>'
    )
    body = "<rss version='2.0'><channel><title>t</title><item><guid>w1</guid>"
    body += f"<title>Acme Air strands passengers</title><description><![CDATA[{summary}]]>"
    body += f"</description>{DATED}</item><item><guid>w2</guid><title>Acme Air</title>"
    body += "<description>The post about the outage appeared first on Reddit</description>"
    body += f"{DATED}</item></channel></rss>"
    item, human = await source(serve(httpserver, body.encode())).poll(client)
    assert normalise(item.text) == (
        "Acme Air strands passengers — Passengers waited four hours at Orly."
    )
    # a person's words that happen to read alike are kept
    assert normalise(human.text) == (
        "Acme Air — The post about the outage appeared first on Reddit"
    )


async def test_reddit_and_medium_boilerplate_is_not_part_of_what_an_entry_says(
    httpserver: HTTPServer, client
) -> None:
    """Reddit's feeds end every entry with "submitted by /u/… [link] [comments]"; Medium's
    content opens with the entry's title as its heading, which read the title twice."""
    thread = "https://www.reddit.com/r/travel/comments/1gk3a1b/acme/"
    reddit = (
        '<!-- SC_OFF --><div class="md"><p>Acme Air cancelled my flight &amp; won&#39;t '
        'refund.</p> </div><!-- SC_ON --> &#32; submitted by &#32; <a href="https://www.reddit'
        '.com/user/traveler_92"> /u/traveler_92 </a> <br/> <span><a href="' + thread + '">'
        '[link]</a></span> &#32; <span><a href="' + thread + '">[comments]</a></span>'
    )
    medium = "<h3>Lessons from the Acme Air outage</h3><p>Their response was slow.</p>"
    body = "<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
    for ident, title, html in (
        ("r1", "Acme Air refund", reddit),
        ("m1", "Lessons from the Acme Air outage", medium),
    ):
        escaped = html.replace("&", "&amp;").replace("<", "&lt;")
        body += f"<entry><id>{ident}</id><title>{title}</title><updated>2026-03-10T08:00:00Z"
        body += f"</updated><content type='html'>{escaped}</content></entry>"
    body += "</feed>"
    found = await source(serve(httpserver, body.encode(), "application/atom+xml")).poll(client)
    assert [normalise(item.text) for item in found] == [
        "Acme Air refund — Acme Air cancelled my flight & won't refund.",
        "Lessons from the Acme Air outage Their response was slow.",
    ]


async def test_a_podcast_episode_without_a_page_links_to_its_audio(
    httpserver: HTTPServer, client
) -> None:
    audio = "https://cdn.example/ep12.mp3"
    body = "<rss version='2.0'><channel><title>t</title><item><title>Acme Air ep 12</title>"
    body += f"<guid isPermaLink='false'>ep-12</guid><enclosure url='{audio}' length='1' "
    body += f"type='audio/mpeg'/>{DATED}</item></channel></rss>"
    (item,) = await source(serve(httpserver, body.encode())).poll(client)
    assert item.url == audio


async def test_google_news_publisher_is_the_author(httpserver: HTTPServer, client) -> None:
    items = await source(serve(httpserver, GOOGLE_NEWS)).poll(client)

    assert [(i.text, i.author) for i in items] == [
        ("Acme Air delays flights across Europe", "Marks & Spencer News"),
        ("Regulator looks at Acme Air refunds - Sky", "Radio 4"),
    ]
    assert items[0].external_id == "CBMiAAA"
    assert items[0].url == "https://news.google.com/rss/articles/CBMiAAA?oc=5"


async def test_a_google_news_cluster_is_its_own_headline_not_its_neighbours(
    httpserver: HTTPServer, client
) -> None:
    """A Google News item that leads a cluster describes itself with a list of the cluster's
    headlines from other publishers: stored as the text, "Northwind boss won't resign" also
    read "...boss under fire BBC, Rival Coffee shares soar Reuters", other outlets' words
    (and other brands') in one mention."""
    link = "https://news.google.com/rss/articles/CCC?oc=5"
    cluster = (
        f'&lt;ol&gt;&lt;li&gt;&lt;a href="{link}"&gt;Acme Air boss says he won\'t resign&lt;/a&gt;'
        '&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;The Verge&lt;/font&gt;&lt;/li&gt;'
        '&lt;li&gt;&lt;a href="https://news.google.com/rss/articles/DDD"&gt;Acme Air boss '
        'under fire&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;BBC&lt;/font&gt;'
        '&lt;/li&gt;&lt;li&gt;&lt;a href="https://news.google.com/rss/articles/EEE"&gt;'
        'Globex shares soar&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;'
        'Reuters&lt;/font&gt;&lt;/li&gt;&lt;li&gt;&lt;strong&gt;&lt;a href="https://news.'
        'google.com/stories/X"&gt;View Full Coverage on Google News&lt;/a&gt;&lt;/strong&gt;'
        "&lt;/li&gt;&lt;/ol&gt;"
    )
    body = (
        "<rss version='2.0'><channel><title>News</title><item>"
        "<title>Acme Air boss says he won't resign - The Verge</title>"
        f"<link>{link}</link><guid isPermaLink='false'>CCC</guid>"
        "<pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>"
        f"<description>{cluster}</description>"
        "<source url='https://www.theverge.com'>The Verge</source></item></channel></rss>"
    ).encode()
    (item,) = await source(serve(httpserver, body)).poll(client)
    assert (item.text, item.author) == ("Acme Air boss says he won't resign", "The Verge")


async def test_entry_without_any_id_or_date_is_stable(httpserver: HTTPServer, client) -> None:
    """Undated entries new since the first poll keep the time they were first seen."""
    clock = ManualClock(T0 - timedelta(minutes=5))
    empty = UNDATED.split(b"<item>")[0] + b"</channel></rss>"
    feed = source(serve_in_turn(httpserver, empty, UNDATED), clock)

    assert await feed.poll(client) == []
    clock.advance(300)
    first = await feed.poll(client)
    clock.advance(3600)
    second = await feed.poll(client)

    assert [i.external_id for i in first] == [i.external_id for i in second]
    assert first[1].external_id.startswith("sha1:")
    assert [i.created_at for i in first] == [i.created_at for i in second] == [T0, T0]


GRIPE = "Acme Air lost my bag again, terrible and awful service"


def backlog_feed(*new_titles: str) -> bytes:
    """A forum's feed: ``new_titles`` on top (undated), then one dated entry, then its backlog
    of 60 complaints with no date (56 without any, 2 with one that does not parse, 2 dated
    zero: 1970-01-01)."""
    new = "".join(
        f"<item><title>{t}</title><guid>new-{n}</guid></item>" for n, t in enumerate(new_titles)
    )
    dated = f"<item><title>Acme Air dated post</title><guid>dated</guid>{DATED}</item>"
    old = "".join(
        f"<item><title>{GRIPE} #{n}</title><guid>old-{n}</guid>"
        + ("<pubDate>not a date at all</pubDate>" if n >= 58 else "")
        + ("<pubDate>Thu, 01 Jan 1970 00:00:00 +0000</pubDate>" if n in (56, 57) else "")
        + "</item>"
        for n in range(60)
    )
    channel = f"<channel><title>Forum</title>{new}{dated}{old}</channel>"
    return f"<rss version='2.0'>{channel}</rss>".encode()


async def test_an_undated_backlog_is_skipped_and_counted_only_new_entries_are_now(
    httpserver: HTTPServer, client
) -> None:
    """Sixty undated complaints stamped with the first poll's time read as a surge this minute
    (NORMAL to CRITICAL one poll after adding the feed): the first poll skips them and says
    how many, as the JSON source does; an undated entry that appears later is new."""
    clock = ManualClock(T0)
    url = serve_in_turn(httpserver, backlog_feed(), backlog_feed("Acme Air gate changed"))
    feed = source(url, clock)

    first = await feed.poll(client)
    assert [(i.external_id, i.created_at) for i in first] == [
        ("dated", datetime(2024, 5, 1, 10, 0, tzinfo=UTC))
    ]
    assert feed.skipped == 60
    assert feed.last_problem is not None
    assert feed.last_problem.startswith("entry 2: no usable date in the feed's first poll")

    clock.advance(300)
    second = await feed.poll(client)
    assert [(i.external_id, i.created_at) for i in second] == [
        ("new-0", T0 + timedelta(minutes=5)),
        ("dated", datetime(2024, 5, 1, 10, 0, tzinfo=UTC)),
    ]
    assert feed.skipped == 60  # the backlog is still served, and still not news
    # said as what it is: not "in the feed's first poll" of a later one
    assert feed.last_problem is not None
    assert feed.last_problem.startswith("entry 3: undated backlog the feed has served since")


def _dated_feed(*entries: tuple[str, str]) -> bytes:
    items = "".join(
        f"<item><guid>{key}</guid><title>Acme Air news {key}</title><pubDate>{d}</pubDate></item>"
        for key, d in entries
    )
    return f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode()


async def test_dates_in_a_named_european_or_asian_zone_are_read_in_it(
    httpserver: HTTPServer, client
) -> None:
    """feedparser knows UT, GMT and North America's zones only: "13:30 CEST" was read as
    13:30 UTC, ahead of the clock, and the entries of the last hours were stored as arriving
    at the poll, a surge that never happened."""
    dates = [
        "Wed, 01 May 2024 13:30:00 CEST",
        "Wed, 01 May 2024 20:00:00 JST",
        "Wed, 1 May 2024 12:30:00 CET",
        "Wed, 01 May 2024 10:00:00 GMT",
    ]
    body = _dated_feed(*((f"e{n}", d) for n, d in enumerate(dates)))
    feed = source(serve(httpserver, body), ManualClock(T0))
    items = await feed.poll(client)
    assert [i.created_at.strftime("%H:%M") for i in items] == ["11:30", "11:00", "11:30", "10:00"]
    assert feed.note is None


def zoned(url: str, zone: str) -> RssSource:
    """A feed whose dates without a zone (or with an ambiguous one) are read in ``zone``."""
    return RssSource(
        "feed", url, 300.0, keep_unmatched=False, now=ManualClock(T0).now, zone=ZoneInfo(zone)
    )


async def test_cst_and_ist_are_read_in_the_feeds_time_zone_when_it_has_one(
    httpserver: HTTPServer, client
) -> None:
    """Chinese sites write Beijing time as "CST", Indian ones India's as "IST": feedparser
    read the first as Chicago's (14 hours late: an hour-old post looked 13 hours ahead and
    was skipped) and the second as UTC. With ``time_zone`` set they are read in it; without,
    CST stays North America's, as an English feed means it."""
    body = _dated_feed(("cst", "Wed, 01 May 2024 19:30:00 CST"))
    url = serve(httpserver, body)
    beijing = zoned(url, "Asia/Shanghai")
    assert [i.created_at.strftime("%d %H:%M") for i in await beijing.poll(client)] == ["01 11:30"]

    httpserver.clear()
    url = serve(httpserver, _dated_feed(("ist", "Wed, 01 May 2024 16:45:00 IST")))
    india = zoned(url, "Asia/Kolkata")
    assert [i.created_at.strftime("%d %H:%M") for i in await india.poll(client)] == ["01 11:15"]

    httpserver.clear()
    url = serve(httpserver, _dated_feed(("us", "Wed, 01 May 2024 05:30:00 CST")))
    chicago = source(url, ManualClock(T0))
    assert [i.created_at.strftime("%d %H:%M") for i in await chicago.poll(client)] == ["01 11:30"]


async def test_a_date_with_an_offset_no_zone_has_is_no_date(httpserver: HTTPServer, client):
    """ "+9999" was read as 99 h 99 min: a post of a quarter of an hour ago stored four days
    back. Such a date is no date: the entry is undated (backlog in a first poll)."""
    body = _dated_feed(
        ("odd", "Wed, 01 May 2024 11:45:00 +9999"), ("ok", "Wed, 01 May 2024 11:45:00 +0000")
    )
    feed = source(serve(httpserver, body), ManualClock(T0))
    assert [i.external_id for i in await feed.poll(client)] == ["ok"]
    assert feed.skipped == 1


async def test_dates_without_a_zone_ahead_of_the_clock_are_not_a_surge(
    httpserver: HTTPServer, client
) -> None:
    """A feed writing its local time without a zone ("2024-05-01 19:30:00" in Beijing, where
    it is 20:00) dated its last hours in the future, and each was stored as arriving at the
    poll. Such entries are skipped as backlog at the first poll and a new one is dated when
    first seen, and the note says what to set; with ``time_zone`` they are read right."""
    old = [("a0", "2024-05-01 19:30:00"), ("a1", "2024-05-01 17:00:00")]
    old.append(("a2", "2024-05-01 11:00:00"))
    clock = ManualClock(T0)
    url = serve_in_turn(
        httpserver, _dated_feed(*old), _dated_feed(("a3", "2024-05-01 20:04:00"), *old)
    )
    feed = source(url, clock)
    first = await feed.poll(client)
    assert [i.external_id for i in first] == ["a2"]  # 11:00 read as UTC is past: kept
    assert feed.skipped == 2
    assert feed.note is not None
    assert "dated ahead of our clock" in feed.note and "time_zone" in feed.note

    clock.advance(300)
    second = await feed.poll(client)
    assert [(i.external_id, i.created_at) for i in second] == [
        ("a3", T0 + timedelta(minutes=5)),
        ("a2", datetime(2024, 5, 1, 11, 0, tzinfo=UTC)),
    ]

    zoned = RssSource(
        "feed", url, 300.0, keep_unmatched=False, now=clock.now, zone=ZoneInfo("Asia/Shanghai")
    )
    read = await zoned.poll(client)
    assert [(i.external_id, i.created_at.strftime("%H:%M")) for i in read] == [
        ("a3", "12:04"), ("a0", "11:30"), ("a1", "09:00"), ("a2", "03:00"),
    ]  # fmt: skip
    assert zoned.note is None


async def test_a_feed_that_mints_new_ids_keeps_its_backlog_skipped(
    httpserver: HTTPServer, client
) -> None:
    """Some feeds give every entry a new guid on each fetch: the backlog must not come back
    as news in the second poll under its new ids."""

    def minted(fetch: int) -> bytes:
        items = "".join(
            f"<item><title>{GRIPE} #{n}</title><guid>s{fetch}-{n}</guid></item>" for n in range(5)
        )
        return f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode()

    feed = source(serve_in_turn(httpserver, minted(1), minted(2)), ManualClock(T0))
    assert await feed.poll(client) == []
    assert await feed.poll(client) == []
    assert feed.skipped == 5


@pytest.mark.parametrize("ids", ["none", "minted"])
async def test_a_feed_stamping_every_entry_with_the_fetch_time_is_not_a_surge(
    httpserver: HTTPServer, client, ids: str
) -> None:
    """Entries dated with the time of each request (by the server's clock, far off ours),
    without an id or with one minted per fetch: each poll's twenty entries were new, stored
    again, and read as a storm ("normal → high, 100% of 60 mentions negative")."""
    clock = ManualClock(T0)
    titles = [f"{GRIPE} #{n}" for n in range(20)]
    fetches = 0

    def stamped(_request: Request) -> Response:
        nonlocal fetches
        fetches += 1
        # stamped by the server's clock (its Date header), years off this test's clock
        date = format_datetime(datetime.now(UTC), usegmt=True)
        entries = "".join(
            f"<item><title>{t}</title>"
            + (f"<guid>f{fetches}-{n}</guid>" if ids == "minted" else "")
            + f"<pubDate>{date}</pubDate></item>"
            for n, t in enumerate(titles)
        )
        body = f"<rss version='2.0'><channel><title>t</title>{entries}</channel></rss>"
        return Response(body, content_type=RSS_TYPE)

    httpserver.expect_request("/feed").respond_with_handler(stamped)
    feed = source(httpserver.url_for("/feed"), clock)
    assert await feed.poll(client) == []  # history of unknown time, as an undated feed's
    assert feed.skipped == 20
    clock.advance(300)
    assert await feed.poll(client) == []  # the same twenty, not twenty new
    titles.insert(0, "Acme Air cancelled my flight")
    clock.advance(300)
    [new] = await feed.poll(client)
    assert new.text == "Acme Air cancelled my flight"
    assert new.created_at == clock.now()  # first seen: its stated time is the server's clock


async def test_entries_published_the_second_before_a_first_poll_are_said_to_be_so_and_kept_next(
    httpserver: HTTPServer, client
) -> None:
    """A busy feed's two newest entries, posted within the second of a collector's first
    poll, look like a generator's stamp: they wait for the next poll, and the note said "no
    usable date" of entries that had one."""
    clock = ManualClock(T0)
    dates = [T0, T0 - timedelta(seconds=1), T0 - timedelta(minutes=30)]
    entries = "".join(
        f"<item><title>{GRIPE} #{n}</title><guid>g{n}</guid>"
        f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate></item>"
        for n, when in enumerate(dates)
    )
    body = f"<rss version='2.0'><channel><title>t</title>{entries}</channel></rss>"
    httpserver.expect_request("/feed").respond_with_data(body, content_type=RSS_TYPE)
    feed = source(httpserver.url_for("/feed"), clock)
    [older] = await feed.poll(client)
    assert older.created_at == dates[2]
    assert feed.note is not None
    assert feed.note.startswith("2 of 3 entries skipped: dated by the fetch (entry 1: dated at")
    assert "no usable date" not in feed.note
    clock.advance(300)
    kept = await feed.poll(client)
    assert sorted(item.created_at for item in kept) == sorted(dates)  # their own dates
    assert feed.note is None


async def test_a_collector_stores_nothing_of_an_undated_backlog(
    httpserver: HTTPServer, client, store
) -> None:
    """Through the collector into the store: no mention of the backlog, and the entry that
    arrives after it is stored at the time of the poll that brought it."""
    from crisistui.collector import Collector
    from crisistui.config import demo_config
    from crisistui.pipeline import Pipeline

    clock = ManualClock(T0)
    url = serve_in_turn(httpserver, backlog_feed(), backlog_feed("Acme Air lost my bag today"))
    feed = RssSource("forum", url, 300.0, keep_unmatched=False, now=clock.now)
    run = Collector([feed], Pipeline(demo_config()), store, clock, client)

    [first] = await run.poll_all_once()
    assert first.error is None and first.new == 1  # only the dated post
    assert [m.external_id for m in await store.recent_mentions(100)] == ["dated"]

    clock.advance(300)
    [second] = await run.poll_all_once()
    assert second.new == 1
    newest = (await store.recent_mentions(1))[0]
    assert (newest.external_id, newest.created_at) == ("new-0", T0 + timedelta(minutes=5))
    assert await store.mention_count() == 2


async def test_first_seen_times_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rss, "FIRST_SEEN_LIMIT", 2)
    feed = RssSource("feed", "http://unused.invalid/", 300.0, False)
    for n, key in enumerate("abc"):
        feed._seen_at(key, T0.replace(minute=n))
    assert list(feed._first_seen) == ["b", "c"]


async def test_bozo_feed_with_entries_still_yields_them(httpserver: HTTPServer, client) -> None:
    body = RSS2.replace(b"after outage", b"after outage &bogus;")
    items = await source(serve(httpserver, body)).poll(client)
    assert len(items) == 2


# -- conditional GET and rate limits -----------------------------------------------------------


async def test_etag_is_sent_back_and_304_gives_nothing(httpserver: HTTPServer, client) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(RSS2, content_type=RSS_TYPE, headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed").respond_with_handler(handler)
    feed = source(httpserver.url_for("/feed"))

    assert len(await feed.poll(client)) == 2
    assert await feed.poll(client) == []
    assert await feed.poll(client) == []

    sent = [request.headers for request, _ in httpserver.log]
    assert "If-None-Match" not in sent[0]
    assert sent[1]["If-None-Match"] == sent[2]["If-None-Match"] == '"v1"'
    assert [response.status_code for _, response in httpserver.log] == [200, 304, 304]


async def test_last_modified_is_sent_back(httpserver: HTTPServer, client) -> None:
    stamp = "Wed, 01 May 2024 10:00:00 GMT"

    def handler(request: Request) -> Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(RSS2, content_type=RSS_TYPE, headers={"Last-Modified": stamp})

    httpserver.expect_request("/feed").respond_with_handler(handler)
    feed = source(httpserver.url_for("/feed"))

    assert len(await feed.poll(client)) == 2
    assert await feed.poll(client) == []
    first, second = (request.headers for request, _ in httpserver.log)
    assert "If-Modified-Since" not in first
    assert second["If-Modified-Since"] == stamp
    assert "If-None-Match" not in second


async def test_rate_limit_headers_set_hold_off(httpserver: HTTPServer, client) -> None:
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "120"}
    feed = source(serve(httpserver, RSS2, headers=headers))
    await feed.poll(client)
    assert feed.hold_off == 120.0


async def test_a_reset_in_epoch_milliseconds_holds_off_for_its_seconds(
    httpserver: HTTPServer, client
) -> None:
    """A gateway giving the reset in epoch milliseconds used to hold the source off for a
    day (the longest wait), while it showed as healthy."""
    import time

    reset = int((time.time() + 90) * 1000)
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    feed = source(serve(httpserver, RSS2, headers=headers))
    await feed.poll(client)
    assert feed.hold_off is not None and 60 <= feed.hold_off <= 90


async def test_an_exhausted_rate_limit_holds_a_source_off_an_hour_at_most(
    httpserver: HTTPServer, client
) -> None:
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "86400"}
    feed = source(serve(httpserver, RSS2, headers=headers))
    await feed.poll(client)
    assert feed.hold_off == 3600.0


# -- failures ----------------------------------------------------------------------------------


async def poll_error(url: str, client: httpx.AsyncClient) -> str:
    with pytest.raises(SourceError) as caught:
        await source(url).poll(client)
    return caught.value.reason


async def test_server_error(httpserver: HTTPServer, client) -> None:
    url = serve(httpserver, b"oops", "text/plain", status=500)
    assert (await poll_error(url, client)).startswith("HTTP 500")


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/xml"])
async def test_html_page_is_not_a_feed(httpserver: HTTPServer, client, content_type) -> None:
    page = b"<!DOCTYPE html>\n<html><head><title>Acme Air</title></head><body>Hi</body></html>"
    reason = await poll_error(serve(httpserver, page, content_type), client)
    assert reason.startswith("not a feed") and "HTML" in reason


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (bytes(range(256)) * 8, "not a feed (not XML: not well-formed"),
        (b'{"items": []}', "not a feed (not XML"),
        (b"", "not a feed (empty response)"),
        (b"<?xml version='1.0'?><catalog><book/></catalog>", "not a feed (no RSS or Atom"),
    ],
    ids=["garbage", "json", "empty", "other-xml"],
)
async def test_not_a_feed(httpserver: HTTPServer, client, body: bytes, expected: str) -> None:
    reason = await poll_error(serve(httpserver, body, "application/octet-stream"), client)
    assert reason.startswith(expected)
    assert reason.isprintable()


async def test_ill_formed_feed_names_the_problem(httpserver: HTTPServer, client) -> None:
    body = b"<?xml version='1.0'?>\n<rss version='2.0'><channel><title>Cut off</title>"
    reason = await poll_error(serve(httpserver, body), client)
    assert reason.startswith("ill-formed feed: no element found at line 2")


async def test_empty_but_valid_feed_is_fine(httpserver: HTTPServer, client) -> None:
    body = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet</title></channel></rss>"
    assert await source(serve(httpserver, body, "text/plain")).poll(client) == []


async def test_failed_parse_does_not_keep_the_etag(httpserver: HTTPServer, client) -> None:
    serve(httpserver, b"<html>maintenance</html>", "text/html", headers={"ETag": '"bad"'})
    feed = source(httpserver.url_for("/feed"))
    for _ in range(2):
        with pytest.raises(SourceError):
            await feed.poll(client)
    assert "If-None-Match" not in httpserver.log[1][0].headers


async def test_body_naming_a_local_file_is_not_read(
    httpserver: HTTPServer, client, tmp_path: Path
) -> None:
    """feedparser opens bytes that name a file; a server must not be able to make us do that."""
    local = tmp_path / "secret.xml"
    local.write_bytes(RSS2)
    reason = await poll_error(serve(httpserver, str(local).encode(), "text/plain"), client)
    assert reason.startswith("not a feed")


@pytest.mark.parametrize("streamed", [False, True], ids=["content-length", "chunked"])
async def test_oversized_body(
    httpserver: HTTPServer, client, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    monkeypatch.setattr(http, "MAX_BODY_BYTES", 4096)
    body = RSS2 * 4
    if streamed:
        chunks = (body[i : i + 1000] for i in range(0, len(body), 1000))
        response = Response(chunks, content_type=RSS_TYPE, direct_passthrough=True)
        httpserver.expect_request("/feed").respond_with_response(response)
        url = httpserver.url_for("/feed")
    else:
        url = serve(httpserver, body)
    reason = await poll_error(url, client)
    limit = "the limit of 4,096 bytes"
    expected = f"over {limit}" if streamed else f"{len(body):,} bytes, over {limit}"
    assert reason == f"response too large ({expected})"


async def test_relative_links_are_made_absolute_from_the_feed(
    httpserver: HTTPServer, client
) -> None:
    # RSS wants absolute links, but feeds send "/news/1"; ids stay as the feed wrote them.
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
      <item><title>Acme Air relative</title><link>/news/1?a=1&amp;b=2</link>DATED</item>
      <item><title>Acme Air sibling</title><link>2.html</link><guid>g2</guid>DATED</item>
      <item><title>Acme Air absolute</title><link>https://other.example/3</link>DATED</item>
    </channel></rss>""".replace(b"DATED", DATED.encode())
    httpserver.expect_request("/blog/feed.xml").respond_with_data(body, content_type=RSS_TYPE)
    items = await source(httpserver.url_for("/blog/feed.xml")).poll(client)

    assert [(i.external_id, i.url) for i in items] == [
        ("/news/1?a=1&b=2", httpserver.url_for("/news/1?a=1&b=2")),
        ("g2", httpserver.url_for("/blog/2.html")),
        ("https://other.example/3", "https://other.example/3"),
    ]


# -- character encodings -----------------------------------------------------------------------

MIXED_TITLES = [
    "Hãng bay Acme Air hoãn chuyến vì sự cố",
    "Acme航空航班大面积延误，乘客滞留",
    "Acme Air : vols annulés à Orly, colère des passagers",
]


def mixed_feed(declaration: str, bad_byte: bytes) -> bytes:
    """Vietnamese, Chinese and French entries in UTF-8, and one entry holding ``bad_byte``."""
    items = "".join(
        f"<item><guid>m{n}</guid><title>{title}</title>{DATED}</item>"
        for n, title in enumerate(MIXED_TITLES)
    )
    bad = b"<item><guid>bad</guid><title>Acme Air refund caf" + bad_byte + b" chaos</title>"
    bad += DATED.encode() + b"</item>"
    head = f"{declaration}<rss version='2.0'><channel><title>Mixed</title>{items}"
    return head.encode() + bad + b"</channel></rss>"


@pytest.mark.parametrize("bad_byte", [b"\xe9", b"\xff"], ids=["latin1-byte", "ff"])
@pytest.mark.parametrize(
    ("declaration", "content_type"),
    [
        ('<?xml version="1.0" encoding="UTF-8"?>\n', "application/rss+xml"),
        ("", "application/rss+xml; charset=utf-8"),
        ("", "application/rss+xml"),
        ("", "text/xml"),
    ],
    ids=["xml-declaration", "content-type", "neither", "text-xml-neither"],
)
async def test_one_invalid_byte_spoils_only_itself(
    httpserver: HTTPServer, client, declaration: str, content_type: str, bad_byte: bytes
) -> None:
    """feedparser read the whole feed as windows-1252 for one bad byte: mojibake everywhere."""
    body = mixed_feed(declaration, bad_byte)
    items = await source(serve(httpserver, body, content_type)).poll(client)
    assert [i.text for i in items] == [*MIXED_TITLES, "Acme Air refund caf\ufffd chaos"]


@pytest.mark.parametrize(
    ("declaration", "content_type", "encoding", "title"),
    [
        (
            '<?xml version="1.0" encoding="windows-1252"?>',
            "application/rss+xml",
            "windows-1252",
            "Acme Air “café” crème, 5 €",
        ),
        ("", "application/rss+xml; charset=ISO-8859-1", "iso-8859-1", "Acme Air déçoit à Orly"),
        ('<?xml version="1.0" encoding="KOI8-R"?>', "text/xml; charset=koi8-r", "koi8-r", "Акме"),
        ('<?xml version="1.0" encoding="KOI8-R"?>', "application/rss+xml", "koi8-r", "Акме"),
        ("", "application/rss+xml; charset=Shift_JIS", "shift_jis", "アクメ航空が欠航"),
        ('<?xml version="1.0" encoding="GB2312"?>', "application/xml", "gb2312", "阿克米航空延误"),
    ],
    ids=["cp1252-declaration", "latin1-charset", "koi8r-both", "koi8r-declaration", "sjis", "gb"],
)
async def test_feed_in_another_declared_encoding_is_read_in_it(
    httpserver: HTTPServer, client, declaration: str, content_type: str, encoding: str, title: str
) -> None:
    body = f"{declaration}<rss version='2.0'><channel><title>t</title><item><guid>1</guid>"
    body += f"<title>{title}</title>{DATED}</item></channel></rss>"
    items = await source(serve(httpserver, body.encode(encoding), content_type)).poll(client)
    assert [i.text for i in items] == [title]


@pytest.mark.parametrize(
    ("declared", "windows", "title"),
    [
        ("Shift_JIS", "cp932", "アクメ航空、二重決済 ①アプリ ②返金 ㈱アクメ"),
        ("EUC-KR", "cp949", "아크메 항공 앱 장애, 똠방각하 환불 지연"),
        ("Big5", "cp950", "阿克米航空 App 當機，退款 €20 還沒到"),
        ("windows-31j", "cp932", "アクメ航空、二重決済 ①"),
    ],
    ids=["shift-jis-cp932", "euc-kr-cp949", "big5-cp950", "windows-31j"],
)
@pytest.mark.parametrize("where", ["declaration", "charset"])
async def test_feed_written_in_the_windows_code_page_of_its_encoding_is_read(
    httpserver: HTTPServer, client, declared: str, windows: str, title: str, where: str
) -> None:
    """Japanese sites' Shift_JIS holds ① and ㈱, Korean EUC-KR holds Hangul only CP949 has:
    one such character turned every entry of the feed into mojibake."""
    declaration = f'<?xml version="1.0" encoding="{declared}"?>' if where == "declaration" else ""
    content_type = "application/rss+xml" + (f"; charset={declared}" if where == "charset" else "")
    body = f"{declaration}<rss version='2.0'><channel><title>t</title><item><guid>1</guid>"
    body += f"<title>{title}</title>{DATED}</item><item><guid>2</guid><title>Acme Air ok</title>"
    body += f"{DATED}</item></channel></rss>"
    items = await source(serve(httpserver, body.encode(windows), content_type)).poll(client)
    assert [i.text for i in items] == [title, "Acme Air ok"]


@pytest.mark.parametrize("charset", ["", "; charset=utf-8"])
@pytest.mark.parametrize(
    ("declared", "title"),
    [
        ("Shift_JIS", "運休のお詫びとお知らせ。ご迷惑をおかけします"),
        ("EUC-KR", "에어 서비스 지연 안내"),
    ],
)
async def test_a_utf8_feed_behind_an_old_cjk_declaration_stays_utf8(
    httpserver: HTTPServer, client, declared: str, title: str, charset: str
) -> None:
    """A site moved to UTF-8 and left encoding="Shift_JIS" in its template: reading the
    body in the code page that extends it turned every entry into mojibake."""
    body = f'<?xml version="1.0" encoding="{declared}"?><rss version="2.0"><channel>'
    body += f"<title>t</title><item><guid>1</guid><title>{title}</title>{DATED}</item>"
    body += "</channel></rss>"
    url = serve(httpserver, body.encode("utf-8"), "application/rss+xml" + charset)
    assert [i.text for i in await source(url).poll(client)] == [title]


async def test_latin1_feed_behind_a_default_utf8_charset_stays_latin1(
    httpserver: HTTPServer, client
) -> None:
    """A server's default charset=utf-8 on an old Latin-1 feed: every byte is "invalid" UTF-8,
    and reading it as Latin-1 (feedparser's fallback) loses nothing."""
    title = "Acme Air déçoit à Orly, crème brûlée froide"
    body = f"<rss version='2.0'><channel><title>t</title><item><guid>1</guid><title>{title}"
    body += f"</title>{DATED}</item></channel></rss>"
    url = serve(httpserver, body.encode("latin-1"), "application/rss+xml; charset=utf-8")
    assert [i.text for i in await source(url).poll(client)] == [title]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
@pytest.mark.parametrize(
    "content_type", ["application/rss+xml", "application/rss+xml; charset=utf-8"]
)
async def test_utf16_feed_with_bom_reads(
    httpserver: HTTPServer, client, encoding: str, content_type: str
) -> None:
    body = '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>t</title>'
    body += "".join(
        f"<item><guid>m{n}</guid><title>{t}</title>{DATED}</item>"
        for n, t in enumerate(MIXED_TITLES)
    )
    mark = b"" if encoding == "utf-16" else codecs.BOM_UTF16_BE  # "utf-16" writes its own
    encoded = mark + (body + "</channel></rss>").encode(encoding)
    items = await source(serve(httpserver, encoded, content_type)).poll(client)
    assert [i.text for i in items] == MIXED_TITLES


@pytest.mark.parametrize(
    ("mark", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")],
    ids=["utf-8", "utf-16-le"],
)
@pytest.mark.parametrize("charset", ["", "; charset=windows-1251"])
async def test_a_byte_order_mark_wins_over_the_declared_encoding(
    httpserver: HTTPServer, client, mark: bytes, encoding: str, charset: str
) -> None:
    """A UTF-8 mark before encoding="windows-1251" stored "ü — ß" as "Гј — Гџ"."""
    body = '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
    body += "<title>t</title>"
    body += "".join(
        f"<item><guid>m{n}</guid><title>{t}</title>{DATED}</item>"
        for n, t in enumerate(MIXED_TITLES)
    )
    encoded = mark + (body + "</channel></rss>").encode(encoding)
    items = await source(serve(httpserver, encoded, "application/rss+xml" + charset)).poll(client)
    assert [i.text for i in items] == MIXED_TITLES


def test_clean_body_is_passed_on_untouched() -> None:
    """A feed that decodes cleanly costs one check, not a copy."""
    body = mixed_feed('<?xml version="1.0" encoding="UTF-8"?>', b"e")
    assert feed_encoding._utf8_repaired(body, RSS_TYPE) is body
    assert feed_encoding._utf8_repaired(RSS2, RSS_TYPE) is RSS2


# -- bodies the lenient parser would choke on --------------------------------------------------

VALID_ITEM = f"<item><title>Acme Air delays</title><guid>ok-1</guid>{DATED}</item>".encode()


@pytest.mark.parametrize(
    ("soup", "expected"),
    [
        (b"<a>", "malformed feed: elements nested over 1,000 deep"),
        (b"<a ", "malformed feed: not well-formed XML (not well-formed (invalid token) at line"),
        (b'<item x="a" x="a"', "malformed feed: not well-formed XML (not well-formed"),
    ],
    ids=["unclosed-elements", "unclosed-tags", "repeated-attributes"],
)
async def test_a_large_tag_soup_fails_the_poll_saying_why(
    httpserver: HTTPServer, client, soup: bytes, expected: str
) -> None:
    """After a valid item, 2 MB of tags feedparser's lenient parser would chew on for seconds
    per megabyte (6 MB of "<a>" took 52 s and 1 GB): the poll fails, saying what was wrong."""
    head = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Soup</title>" + VALID_ITEM
    body = head + soup * (2_000_000 // len(soup))
    reason = await poll_error(serve(httpserver, body), client)
    assert reason.startswith(expected)
    assert reason.endswith(
        f"its {len(body):,} bytes are over the 1,048,576 read leniently; not parsed"
    )


async def test_a_large_well_formed_feed_still_parses(httpserver: HTTPServer, client) -> None:
    entry = "<item><title>Acme Air story {0} &amp; more</title><guid>g{0}</guid>{1}{2}</item>"
    padding = f"<description>{'x' * 300}</description>"
    entries = "".join(entry.format(n, DATED, padding) for n in range(13_000))
    body = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Big</title>{entries}"
    body = (body + "</channel></rss>").encode()
    assert len(body) > 5_000_000
    items = await source(serve(httpserver, body)).poll(client)
    assert len(items) == 13_000 and items[-1].external_id == "g12999"


@pytest.mark.parametrize(
    "broken",
    [
        b"<item><title>Acme Air & friends</title><guid>b-1</guid>",  # an unescaped ampersand
        b"<item><title>Acme Air&nbsp;outage</title><guid>b-1</guid>",  # HTML's, not XML's
        b"<item><title>Acme Air outage</title><description>a<p>b</description><guid>b-1</guid>",
    ],
    ids=["ampersand", "html-entity", "unclosed-tag"],
)
async def test_common_small_malformed_feeds_still_parse(
    httpserver: HTTPServer, client, broken: bytes
) -> None:
    """Small enough for the lenient parser, the usual mistakes keep every entry."""
    head = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Broken</title>"
    body = head + broken + DATED.encode() + b"</item>" + VALID_ITEM + b"</channel></rss>"
    items = await source(serve(httpserver, body)).poll(client)
    assert [i.external_id for i in items] == ["b-1", "ok-1"]
    assert items[0].text.startswith("Acme Air")


async def test_a_small_feed_nested_too_deep_fails_the_poll_saying_why(
    httpserver: HTTPServer, client
) -> None:
    """Under the lenient limit, a well-formed feed nested 100,000 deep gave no entry and no
    word: a success of nothing."""
    head = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Deep</title>"
    body = head + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</channel></rss>"
    assert len(body) < 1_048_576
    reason = await poll_error(serve(httpserver, body), client)
    assert reason == "malformed feed: elements nested over 1,000 deep; not parsed"


async def test_a_feed_cut_short_is_read_and_says_entries_may_be_missing(
    httpserver: HTTPServer, client
) -> None:
    head = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Cut</title>"
    whole = head + VALID_ITEM + VALID_ITEM.replace(b"ok-1", b"ok-2") + b"</channel></rss>"
    polled = source(serve(httpserver, whole[:-40]))
    items = await polled.poll(client)
    assert [i.external_id for i in items] == ["ok-1"]
    assert polled.note is not None
    assert polled.note.startswith("ill-formed feed read leniently (")
    assert "entries may be missing" in polled.note
