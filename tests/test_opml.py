"""OPML import: nested folders, unique names, valid config, hostile and wrong files refused."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from crisistui.config import ConfigError, RssSourceConfig, parse_config
from crisistui.sources.opml import feeds_from_opml, opml_to_toml

READER_EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Subscriptions exported from a feed reader</title></head>
  <body>
    <outline text="Aviation" title="Aviation">
      <outline type="rss" text="Travel Desk" title="Travel Desk"
               xmlUrl="https://news.example/feed" htmlUrl="https://news.example/"/>
      <outline text="Blogs">
        <outline type="rss" text="Flyer Blog" xmlUrl="https://blog.example/rss.xml"/>
        <outline text="News" xmlurl="http://legacy.example/news.rss"/>
      </outline>
    </outline>
    <outline type="rss" title="News" text="ignored" xmlUrl="https://other.example/news.atom"/>
    <outline type="rss" text="&quot;Acme&quot; \\ Watch" xmlUrl="https://w.example/a?q=1&amp;b=2"/>
    <outline type="rss" text="Travel Desk again" xmlUrl="https://news.example/feed"/>
    <outline type="rss" text="Gopher" xmlUrl="gopher://old.example/feed"/>
    <outline type="rss" text="Folder-ish rss without address"/>
    <outline type="link" text="Just a link" url="https://example.com/"/>
  </body>
</opml>
"""

CONFIG_HEAD = """
[brand]
name = "Acme Air"
terms = ["acme air"]
"""


def write(tmp_path: Path, text: str | bytes, name: str = "feeds.opml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_every_feed_outline_nested_included(tmp_path: Path) -> None:
    assert feeds_from_opml(write(tmp_path, READER_EXPORT)) == [
        ("Travel Desk", "https://news.example/feed"),
        ("Flyer Blog", "https://blog.example/rss.xml"),
        ("News", "http://legacy.example/news.rss"),
        ("News", "https://other.example/news.atom"),
        ('"Acme" \\ Watch', "https://w.example/a?q=1&b=2"),
        ("Travel Desk again", "https://news.example/feed"),
        ("Gopher", "gopher://old.example/feed"),
    ]


def test_toml_validates_with_unique_names(tmp_path: Path) -> None:
    text = opml_to_toml(write(tmp_path, READER_EXPORT), interval=600)

    config = parse_config(tomllib.loads(CONFIG_HEAD + "\n" + text))

    assert all(isinstance(s, RssSourceConfig) for s in config.sources)
    assert [(s.name, s.url) for s in config.sources] == [
        ("travel-desk", "https://news.example/feed"),
        ("flyer-blog", "https://blog.example/rss.xml"),
        ("news", "http://legacy.example/news.rss"),
        ("news-2", "https://other.example/news.atom"),
        ("acme-watch", "https://w.example/a?q=1&b=2"),
    ]
    assert {s.interval for s in config.sources} == {600.0}
    assert {s.effective_filter for s in config.sources} == {"terms"}
    assert "# skipped Gopher: gopher://old.example/feed is not an http(s) URL" in text


def test_names_avoid_those_already_taken(tmp_path: Path) -> None:
    text = opml_to_toml(write(tmp_path, READER_EXPORT), taken={"travel-desk", "news"})
    names = [s["name"] for s in tomllib.loads(text)["sources"]]
    assert names[:4] == ["travel-desk-2", "flyer-blog", "news-2", "news-3"]


def test_title_without_slug_characters(tmp_path: Path) -> None:
    opml = '<opml version="1.0"><body><outline text="航空" xmlUrl="https://jp.example/"/></body></opml>'
    assert tomllib.loads(opml_to_toml(write(tmp_path, opml)))["sources"][0]["name"] == "feed"


@pytest.mark.parametrize(
    "document",
    [
        """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<opml version="2.0"><body><outline text="&lol2;" xmlUrl="https://x.example/"/></body></opml>""",
        """<?xml version="1.0"?>
<!doctype opml SYSTEM "file:///etc/passwd"><opml><body/></opml>""",
    ],
    ids=["billion-laughs", "external-doctype"],
)
def test_doctype_refused(tmp_path: Path, document: str) -> None:
    with pytest.raises(ConfigError) as caught:
        feeds_from_opml(write(tmp_path, document))
    assert "DOCTYPE" in caught.value.problems[0]


def test_doctype_hidden_in_utf16_refused(tmp_path: Path) -> None:
    document = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<!DOCTYPE x [<!ENTITY e "boom">]><opml><body>'
        '<outline text="&e;" xmlUrl="https://x.example/"/></body></opml>'
    )
    with pytest.raises(ConfigError, match="DOCTYPE"):
        feeds_from_opml(write(tmp_path, document.encode("utf-16")))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("<rss version='2.0'><channel/></rss>", "not an OPML file (root element is <rss>)"),
        ("<opml version='2.0'><head/></opml>", "not an OPML file (root element is <opml>)"),
        ("this is a text file", "not XML: syntax error: line 1, column 0"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not XML:"),
        (
            "<opml version='2.0'><body><outline text='folder'/></body></opml>",
            "no feeds in the OPML file",
        ),
        (
            "<opml><body><outline text='g' xmlUrl='gopher://x'/></body></opml>",
            "no http(s) feeds in the OPML file",
        ),
    ],
    ids=["rss", "no-body", "text", "binary", "no-feeds", "no-http-feeds"],
)
def test_wrong_files_refused(tmp_path: Path, content: str | bytes, reason: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ConfigError) as caught:
        opml_to_toml(path)
    assert caught.value.file == str(path)
    assert caught.value.problems[0].startswith(reason)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        feeds_from_opml(tmp_path / "nope.opml")
    assert caught.value.problems == ["file not found"]


SMUGGLING = """<opml version="2.0"><body>
  <outline text="Good" xmlUrl="https://good.example/rss"/>
  <outline text="Evil"
           xmlUrl="https://evil.example/rss&#10;[[sources]]&#10;type = &quot;json&quot;"/>
  <outline text="Spaced" xmlUrl="https://spaced.example/a&#9;b"/>
  <outline text="Next line" xmlUrl="https://nel.example/&#x85;rss"/>
  <outline text="CSI&#x9b;2J" xmlUrl="https://csi.example/&#x9b;2Jrss"/>
  <outline text="Hidden" xmlUrl="https://hidden.example/&#8238;ssr"/>
</body></opml>"""


def test_an_address_with_a_line_break_or_control_character_is_skipped_and_named(
    tmp_path: Path,
) -> None:
    """A URL holding a newline was accepted (escaped, but kept); no feed address holds one,
    and the shape is that of an attempt to write lines of its own into the config."""
    skipped: list[str] = []
    text = opml_to_toml(write(tmp_path, SMUGGLING), skipped=skipped)
    assert [s["url"] for s in tomllib.loads(text)["sources"]] == ["https://good.example/rss"]
    assert skipped == [
        "skipped the outline 'Evil': its xmlUrl holds a line break (U+000A)",
        "skipped the outline 'Spaced': its xmlUrl holds a space (U+0009)",
        "skipped the outline 'Next line': its xmlUrl holds a line break (U+0085)",
        "skipped the outline 'CSI 2J': its xmlUrl holds an invisible or control character (U+009B)",
        "skipped the outline 'Hidden': its xmlUrl holds an invisible or control character (U+202E)",
    ]
    for note in skipped:
        assert f"# {note}" in text
    assert "evil.example" not in text and "\x9b" not in text and "\u202e" not in text


def test_import_opml_warns_on_stderr_of_each_skipped_outline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from crisistui.cli import main

    path = write(tmp_path, SMUGGLING)
    assert main(["import-opml", str(path)]) == 0
    out, err = capsys.readouterr()
    assert (
        f"crisistui: warning: {path}: skipped the outline 'Evil': its xmlUrl holds a line " in err
    )
    assert len(err.splitlines()) == 5 and "\x9b" not in err
    assert len(tomllib.loads(out)["sources"]) == 1
