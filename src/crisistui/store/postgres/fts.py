"""The full-text index of the PostgreSQL schema: FTS5's own tokenizer in SQL functions.

Full-text search (SQLite: the FTS5 table ``mention_text``, tokenizer ``unicode61
remove_diacritics 2``, columns ``text`` and ``author``). The aim is the same matches as FTS5 on
the same rows, for words, phrases and prefixes, so the tokenizer is FTS5's own, not an
approximation of it:

- ``crisistui_fts_fold(text)`` does what unicode61 does to a text: each character FTS5 counts
  as a separator becomes a space and every other one is folded as FTS5 folds it (case folded,
  diacritics removed, a combining mark to nothing). The separator set and the fold table below
  were read out of SQLite's FTS5 itself (3.40.1) one code point at a time, and are frozen here
  (an index must never change under its rows); being explicit code points, the result depends
  on neither the server's locale nor its ICU or Unicode version. ``crisistui_fts_tokens(text)``
  lists the tokens; they equal FTS5's for every code point and on random texts.
- ``unaccent`` is not used: it folds more than FTS5 does (``ł``→``l``, ``ß``→``ss``, ``æ``→``ae``,
  ``ø``→``o``, Greek tonos, Cyrillic ``ё``→``е``, ``й``→``и``), so "lodz" would find "Łódź" here
  and not in SQLite, and Russian words would merge. No extension is needed at all.
- Nor is PostgreSQL's parser given the text: it keeps ``example.com``, ``a@b.org``, ``x-ray``
  or ``1.5`` whole where FTS5 splits at every separator, it reads ``2e3fe`` as the number
  ``2e3`` and the word ``fe``, and outside the C locale it splits ``x²`` or a word glued to an
  emoji. Instead each token is spelled in the letters a-p (its UTF-8 bytes in hex, digits
  written g-p; ``crisistui_fts_words``), which the parser keeps whole in any locale, and the
  ``simple`` configuration stores those words at their positions. A lexeme therefore reads
  ``mkmfme`` for "don"; ``crisistui_fts_lexeme(lexeme)`` spells one back.
- ``pg_trgm`` is not used: words and prefixes are served by the ``tsvector`` index (FTS5's
  ``word*`` is ``'word':*``), and SQLite answers substrings (the ``LIKE`` of scripts written
  without spaces) by reading rows, bounded by the feed's walk; a trigram index would make every
  insert dearer, and in a database whose ``LC_CTYPE`` is C it extracts no trigrams from
  non-ASCII text, exactly the text that needs them.

``mention_text (id, text_search, author_search)`` holds the vectors of each mention's text and
author (``author_search`` NULL without an author) under one GIN index; ``mentions`` keeps
exactly SQLite's columns. The database builds a query from the user's words with the same
tokenizer (a phrase "don't stop" is the three tokens don, t, stop, as in FTS5):

- ``crisistui_fts_phrase(phrase, prefix)``: one phrase, its tokens adjacent (``<->``), the last
  a prefix when ``prefix``; NULL when the phrase has no token at all.
- ``crisistui_fts_all(phrases text[], prefixes boolean[])``: every phrase (FTS5's ``text : (P1
  P2 *)``); ``crisistui_fts_any(phrases text[])``: any of them (the authors' ``OR``). Both leave
  out phrases without a token, as FTS5 does, and are NULL when none is left.

FTS5 drops such empty parts of an expression altogether, so the feed's ``text : (...) AND
(author : ...)`` becomes both conditions when both queries are non-NULL, only the non-NULL
one otherwise, and no match when both are NULL::

    SELECT crisistui_fts_all(%s, %s)::text, crisistui_fts_any(%s)::text
    -- then, with whichever came back non-NULL:
    SELECT id FROM mention_text WHERE text_search @@ %s::tsquery AND author_search @@ %s::tsquery

Indexing costs about 50 µs for a tweet-sized English text and up to ~100 µs for Vietnamese or
Russian (PostgreSQL 15, one core); a whole insert with rollups and index ~130 µs a mention in
batches of 500. Left different from FTS5, all far outside what a mention holds: a token longer
than ``MAX_TOKEN_BYTES`` (1023) bytes is indexed, and queried, as its first ``CUT_TOKEN`` (255)
characters, so two such tokens alike that far match each other; positions past 16383 count as
16383 and a lexeme keeps at most 256 positions, so a phrase that far into a text, or after a
word's 256th use in it, is missed; a text's vector must stay under 1 MB. PostgreSQL text cannot
hold NUL (U+0000), which SQLite text can: strip it before inserting.

The functions are created by the first migration (``schema.MIGRATIONS``) and, like every
migration, are frozen: an index must never change under its rows.
"""

from __future__ import annotations

import functools

from crisistui.domain.search_text import SEARCH_FORMS, changed_characters

MAX_TOKEN_BYTES = 1023
"""The longest token indexed whole: spelled in letters (two a byte) it is the longest lexeme a
``tsvector`` holds (2046 bytes); a longer one is indexed as its first ``CUT_TOKEN``
characters (at most 4 bytes each)."""
CUT_TOKEN = 255

# -- FTS5's unicode61 tokenizer, read out of SQLite 3.40.1 ------------------------------------
# Separators: the code points (hex, ``A..B`` a range) that unicode61 (default categories, with
# remove_diacritics 2) treats as separators; every other code point is part of a token.
_FTS5_SEPARATORS = """
0000..002F 003A..0040 005B..0060 007B..00A9 00AB..00B1 00B4 00B6..00B8 00BB 00BF 00D7 00F7
02C2..02C5 02D2..02DF 02E5..02EB 02ED 02EF..02FF 0305 030D..030E 0310 0312..031A 031C..0322
0329..032C 032F 0332..036F 0375 037E 0384..0385 0387 03F6 0482..0489 055A..055F 0589..058A
058F 0591..05C7 05F3..05F4 0600..0604 0606..061B 061E..061F 064B..065F 066A..066D 0670 06D4
06D6..06E4 06E7..06ED 06FD..06FE 0700..070D 070F 0711 0730..074A 07A6..07B0 07EB..07F3
07F6..07F9 0816..0819 081B..0823 0825..0827 0829..082D 0830..083E 0859..085B 085E 08E4..08FE
0900..0903 093A..093C 093E..094F 0951..0957 0962..0965 0970 0981..0983 09BC 09BE..09C4
09C7..09C8 09CB..09CD 09D7 09E2..09E3 09F2..09F3 09FA..09FB 0A01..0A03 0A3C 0A3E..0A42
0A47..0A48 0A4B..0A4D 0A51 0A70..0A71 0A75 0A81..0A83 0ABC 0ABE..0AC5 0AC7..0AC9 0ACB..0ACD
0AE2..0AE3 0AF0..0AF1 0B01..0B03 0B3C 0B3E..0B44 0B47..0B48 0B4B..0B4D 0B56..0B57 0B62..0B63
0B70 0B82 0BBE..0BC2 0BC6..0BC8 0BCA..0BCD 0BD7 0BF3..0BFA 0C01..0C03 0C3E..0C44 0C46..0C48
0C4A..0C4D 0C55..0C56 0C62..0C63 0C7F 0C82..0C83 0CBC 0CBE..0CC4 0CC6..0CC8 0CCA..0CCD
0CD5..0CD6 0CE2..0CE3 0D02..0D03 0D3E..0D44 0D46..0D48 0D4A..0D4D 0D57 0D62..0D63 0D79
0D82..0D83 0DCA 0DCF..0DD4 0DD6 0DD8..0DDF 0DF2..0DF4 0E31 0E34..0E3A 0E3F 0E47..0E4F
0E5A..0E5B 0EB1 0EB4..0EB9 0EBB..0EBC 0EC8..0ECD 0F01..0F1F 0F34..0F3F 0F71..0F87 0F8D..0F97
0F99..0FBC 0FBE..0FCC 0FCE..0FDA 102B..103E 104A..104F 1056..1059 105E..1060 1062..1064
1067..106D 1071..1074 1082..108D 108F 109A..109F 10FB 135D..1368 1390..1399 1400 166D..166E
1680 169B..169C 16EB..16ED 1712..1714 1732..1736 1752..1753 1772..1773 17B4..17D6 17D8..17DB
17DD 1800..180E 18A9 1920..192B 1930..193B 1940 1944..1945 19B0..19C0 19C8..19C9 19DE..19FF
1A17..1A1B 1A1E..1A1F 1A55..1A5E 1A60..1A7C 1A7F 1AA0..1AA6 1AA8..1AAD 1B00..1B04 1B34..1B44
1B5A..1B7C 1B80..1B82 1BA1..1BAD 1BE6..1BF3 1BFC..1BFF 1C24..1C37 1C3B..1C3F 1C7E..1C7F
1CC0..1CC7 1CD0..1CE8 1CED 1CF2..1CF4 1DC0..1DE6 1DFC..1DFF 1FBD 1FBF..1FC1 1FCD..1FCF
1FDD..1FDF 1FED..1FEF 1FFD..1FFE 2000..2064 206A..206F 207A..207E 208A..208E 20A0..20B9
20D0..20F0 2100..2101 2103..2106 2108..2109 2114 2116..2118 211E..2123 2125 2127 2129 212E
213A..213B 2140..2144 214A..214D 214F 2190..23F3 2400..2426 2440..244A 249C..24E9 2500..26FF
2701..2775 2794..2B4C 2B50..2B59 2CE5..2CEA 2CEF..2CF1 2CF9..2CFC 2CFE..2CFF 2D70 2D7F
2DE0..2E2E 2E30..2E3B 2E80..2E99 2E9B..2EF3 2F00..2FD5 2FF0..2FFB 3000..3004 3008..3020
302A..3030 3036..3037 303D..303F 3099..309C 30A0 30FB 3190..3191 3196..319F 31C0..31E3
3200..321E 322A..3247 3250 3260..327F 328A..32B0 32C0..32FE 3300..33FF 4DC0..4DFF A490..A4C6
A4FE..A4FF A60D..A60F A66F..A67E A69F A6F0..A6F7 A700..A716 A720..A721 A789..A78A A802 A806
A80B A823..A82B A836..A839 A874..A877 A880..A881 A8B4..A8C4 A8CE..A8CF A8E0..A8F1 A8F8..A8FA
A926..A92F A947..A953 A95F A980..A983 A9B3..A9CD A9DE..A9DF AA29..AA36 AA43 AA4C..AA4D
AA5C..AA5F AA77..AA79 AA7B AAB0 AAB2..AAB4 AAB7..AAB8 AABE..AABF AAC1 AADE..AADF AAEB..AAF1
AAF5..AAF6 ABE3..ABED FB1E FB29 FBB2..FBC1 FD3E..FD3F FDFC..FDFD FE00..FE19 FE20..FE26
FE30..FE52 FE54..FE66 FE68..FE6B FEFF FF01..FF0F FF1A..FF20 FF3B..FF40 FF5B..FF65 FFE0..FFE6
FFE8..FFEE FFF9..FFFF 10100..10102 10137..1013F 10179..10189 10190..1019B 101D0..101FD 1039F
103D0 10857 1091F 1093F 10A01..10A03 10A05..10A06 10A0C..10A0F 10A38..10A3A 10A3F 10A50..10A58
10A7F 10B39..10B3F 11000..11002 11038..1104D 11080..11082 110B0..110C1 11100..11102
11127..11134 11140..11143 11180..11182 111B3..111C0 111C5..111C8 116AB..116B7 12470..12473
16F51..16F7E 16F8F..16F92 1D000..1D0F5 1D100..1D126 1D129..1D1DD 1D200..1D245 1D300..1D356
1D6C1 1D6DB 1D6FB 1D715 1D735 1D74F 1D76F 1D789 1D7A9 1D7C3 1EEF0..1EEF1 1F000..1F02B
1F030..1F093 1F0A0..1F0AE 1F0B1..1F0BE 1F0C1..1F0CF 1F0D1..1F0DF 1F110..1F12E 1F130..1F16B
1F170..1F19A 1F1E6..1F202 1F210..1F23A 1F240..1F248 1F250..1F251 1F300..1F320 1F330..1F335
1F337..1F37C 1F380..1F393 1F3A0..1F3C4 1F3C6..1F3CA 1F3E0..1F3F0 1F400..1F43E 1F440
1F442..1F4F7 1F4F9..1F4FC 1F500..1F53D 1F540..1F543 1F550..1F567 1F5FB..1F640 1F645..1F64F
1F680..1F6C5 1F700..1F773 E0001 E0020..E007F E0100..E01EF
"""
# Folding: ``A..B=T`` maps each code point of the range to T (``=`` alone: removed), ``A..B+D``
# adds D (hex; ``-D`` subtracts) to each, ``/2`` to every other one from A. Code points not
# listed are kept as they are.
_FTS5_FOLD = """
0041..005A+20 00B5=03BC 00C0..00C5=0061 00C6=00E6 00C7=0063 00C8..00CB=0065 00CC..00CF=0069
00D0=00F0 00D1..00D2-63 00D3..00D6=006F 00D8=00F8 00D9..00DC=0075 00DD=0079 00DE=00FE
00E0..00E5=0061 00E7=0063 00E8..00EB=0065 00EC..00EF=0069 00F1..00F2-83 00F3..00F6=006F
00F9..00FC=0075 00FD=0079 00FF=0079 0100..0105=0061 0106..010D=0063 010E..010F=0064 0110=0111
0112..011B=0065 011C..0123=0067 0124..0125=0068 0126=0127 0128..0130=0069 0132=0133
0134..0135=006A 0136..0137=006B 0139..013E=006C 013F..0141+1/2 0143..0148=006E 014A=014B
014C..0151=006F 0152=0153 0154..0159=0072 015A..0161=0073 0162..0165=0074 0166=0167
0168..0173=0075 0174..0175=0077 0176..0178=0079 0179..017E=007A 017F=0073 0181=0253
0182..0184+1/2 0186=0254 0187=0188 0189..018A+CD 018B=018C 018E=01DD 018F=0259 0190=025B
0191=0192 0193=0260 0194=0263 0196=0269 0197=0268 0198=0199 019C=026F 019D=0272 019F=0275
01A0..01A1=006F 01A2..01A4+1/2 01A6=0280 01A7=01A8 01A9=0283 01AC=01AD 01AE=0288
01AF..01B0=0075 01B1..01B2+D9 01B3..01B5+1/2 01B7=0292 01B8=01B9 01BC=01BD 01C4..01C5=01C6
01C7..01C8=01C9 01CA..01CB=01CC 01CD..01CE=0061 01CF..01D0=0069 01D1..01D2=006F
01D3..01DC=0075 01DE..01DF=0061 01E0..01E4+1/2 01E6..01E7=0067 01E8..01E9=006B 01EA..01ED=006F
01EE=01EF 01F0=006A 01F1..01F2=01F3 01F4..01F5=0067 01F6=0195 01F7=01BF 01F8..01F9=006E
01FA..01FB=0061 01FC..01FE+1/2 0200..0203=0061 0204..0207=0065 0208..020B=0069 020C..020F=006F
0210..0213=0072 0214..0217=0075 0218..0219=0073 021A..021B=0074 021C=021D 021E..021F=0068
0220=019E 0222..0224+1/2 0226..0227=0061 0228..0229=0065 022A..0231=006F 0232..0233=0079
023A=2C65 023B=023C 023D=019A 023E=2C66 0241=0242 0243=0180 0244=0289 0245=028C 0246..024E+1/2
0300..0304= 0306..030C= 030F= 0311= 031B= 0323..0328= 032D..032E= 0330..0331= 0370..0372+1/2
0376=0377 0386=03AC 0388..038A+25 038C=03CC 038E..038F+3F 0391..03A1+20 03A3..03AB+20
03C2=03C3 03CF=03D7 03D0=03B2 03D1=03B8 03D5=03C6 03D6=03C0 03D8..03EE+1/2 03F0=03BA 03F1=03C1
03F4=03B8 03F5=03B5 03F7=03F8 03F9=03F2 03FA=03FB 03FD..03FF-82 0400..040F+50 0410..042F+20
0460..0480+1/2 048A..04BE+1/2 04C0=04CF 04C1..04CD+1/2 04D0..0526+1/2 0531..0556+30
10A0..10C5+1C60 10C7=2D27 10CD=2D2D 1E00..1E01=0061 1E02..1E07=0062 1E08..1E09=0063
1E0A..1E13=0064 1E14..1E1D=0065 1E1E..1E1F=0066 1E20..1E21=0067 1E22..1E2B=0068
1E2C..1E2F=0069 1E30..1E35=006B 1E36..1E3D=006C 1E3E..1E43=006D 1E44..1E4B=006E
1E4C..1E53=006F 1E54..1E57=0070 1E58..1E5F=0072 1E60..1E69=0073 1E6A..1E71=0074
1E72..1E7B=0075 1E7C..1E7F=0076 1E80..1E89=0077 1E8A..1E8D=0078 1E8E..1E8F=0079
1E90..1E95=007A 1E96=0068 1E97=0074 1E98=0077 1E99=0079 1E9B=0073 1E9E=00DF 1EA0..1EB7=0061
1EB8..1EC7=0065 1EC8..1ECB=0069 1ECC..1EE3=006F 1EE4..1EF1=0075 1EF2..1EF9=0079 1EFA..1EFE+1/2
1F08..1F0F-8 1F18..1F1D-8 1F28..1F2F-8 1F38..1F3F-8 1F48..1F4D-8 1F59..1F5F-8/2 1F68..1F6F-8
1F88..1F8F-8 1F98..1F9F-8 1FA8..1FAF-8 1FB8..1FB9-8 1FBA..1FBB-4A 1FBC=1FB3 1FBE=03B9
1FC8..1FCB-56 1FCC=1FC3 1FD8..1FD9-8 1FDA..1FDB-64 1FE8..1FE9-8 1FEA..1FEB-70 1FEC=1FE5
1FF8..1FF9-80 1FFA..1FFB-7E 1FFC=1FF3 2126=03C9 212A=006B 212B=0061 2132=214E 2160..216F+10
2183=2184 2C00..2C2E+30 2C60=2C61 2C62=026B 2C63=1D7D 2C64=027D 2C67..2C6B+1/2 2C6D=0251
2C6E=0271 2C6F=0250 2C70=0252 2C72=2C73 2C75=2C76 2C7E..2C7F-2A3F 2C80..2CE2+1/2
2CEB..2CED+1/2 2CF2=2CF3 A640..A66C+1/2 A680..A696+1/2 A722..A72E+1/2 A732..A76E+1/2
A779..A77B+1/2 A77D=1D79 A77E..A786+1/2 A78B=A78C A78D=0265 A790..A792+1/2 A7A0..A7A8+1/2
A7AA=0266 FF21..FF3A+20 10400..10427+28
"""


def _ranges(table: str) -> list[tuple[int, int]]:
    ranges = []
    for item in table.split():
        first, _, last = item.partition("..")
        ranges.append((int(first, 16), int(last or first, 16)))
    return ranges


def fts5_fold_table() -> dict[int, int | None]:
    """Code point → its fold under FTS5's unicode61 (None: removed), for those that change."""
    table: dict[int, int | None] = {}
    for item in _FTS5_FOLD.split():
        if "=" in item:
            span, target = item.split("=")
            first, last = _ranges(span)[0]
            for code in range(first, last + 1):
                table[code] = int(target, 16) if target else None
            continue
        step = 2 if item.endswith("/2") else 1
        item = item.removesuffix("/2")
        sign = max(item.rfind("+"), item.rfind("-"))
        delta = int(item[sign + 1 :], 16) * (1 if item[sign] == "+" else -1)
        first, last = _ranges(item[:sign])[0]
        for code in range(first, last + 1, step):
            table[code] = code + delta
    return table


def fts5_separators() -> list[tuple[int, int]]:
    """The code point ranges that FTS5's unicode61 treats as separators."""
    return _ranges(_FTS5_SEPARATORS)


_HEX_DIGITS = str.maketrans("0123456789", "ghijklmnop")


@functools.cache
def _unicode61() -> dict[int, str | None]:
    """``crisistui_fts_fold`` as a ``str.translate`` table: a separator becomes a space (every
    one of a run, where the SQL makes a run one space: the words are the same), every other
    character listed is folded, and any character not listed is kept."""
    table: dict[int, str | None] = {
        code: None if target is None else chr(target) for code, target in fts5_fold_table().items()
    }
    for first, last in fts5_separators():
        for code in range(first, last + 1):
            table[code] = " "
    return table


def fts_words(text: str) -> str:
    """The words ``crisistui_fts_words(text)`` spells, so that ``to_tsvector('simple',
    fts_words(text))`` is ``crisistui_fts_vector(text)``: worked out by the writer, in a few
    microseconds where the SQL function costs the server hundreds (``store.py`` stages them
    with the batch). Tests hold the two equal on every code point and on random texts."""
    folded = text.translate(_unicode61())
    spelled = folded.encode()
    if len(spelled) > MAX_TOKEN_BYTES:  # (a token that long has over CUT_TOKEN characters)
        folded = " ".join(
            word[:CUT_TOKEN] if len(word.encode()) > MAX_TOKEN_BYTES else word
            for word in folded.split(" ")
        )
        spelled = folded.encode()
    return spelled.hex().replace("20", " ").translate(_HEX_DIGITS)


def _escape(code: int) -> str:
    """A code point as an escape of an ``E''`` literal."""
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _literal(parts: list[str], indent: str, width: int = 90) -> str:
    """An ``E''`` literal of ``parts`` joined, written as adjacent literals of about ``width``
    characters, one a line (SQL joins string constants separated by a newline, and the
    continuation of an ``E''`` literal is read as one)."""
    lines, line = [], ""
    for part in parts:
        if line and len(line) + len(part) > width:
            lines.append(line)
            line = ""
        line += part
    lines.append(line)
    return f"\n{indent}".join(
        ("E'" if n == 0 else "'") + text + "'" for n, text in enumerate(lines)
    )


def _separators_pattern(indent: str) -> str:
    """The regular expression of a run of separators, as an ``E''`` literal. Each escape is
    written with its backslash doubled: the literal hands ``\\uXXXX`` to the regex engine."""
    parts = ["["]
    for first, last in fts5_separators():
        first = max(first, 1)  # text never holds NUL
        part = "\\" + _escape(first)
        if last > first:
            part += "-\\" + _escape(last)
        parts.append(part)
    parts.append("]+")
    return _literal(parts, indent)


def _json_escape(code: int) -> str:
    """A code point as a JSON escape (a surrogate pair above U+FFFF), backslash doubled for an
    ``E''`` literal."""
    if code <= 0xFFFF:
        return f"\\\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\\\u{0xD800 + high:04x}\\\\u{0xDC00 + low:04x}"


def _fold_map(indent: str) -> str:
    """The non-ASCII part of the fold table as an ``E''`` literal of a JSON object: character →
    its fold ("" when removed)."""
    parts = ["{"]
    for code, target in sorted(fts5_fold_table().items()):
        if code >= 0x80:
            folded = _json_escape(target) if target is not None else ""
            parts.append(f'"{_json_escape(code)}":"{folded}",')
    parts[-1] = parts[-1].rstrip(",")
    parts.append("}")
    return _literal(parts, indent)


def _folded_class(negate: bool) -> str:
    """The regular expression of one non-ASCII character that FTS5 folds (or, ``negate``, of
    a run of any other), as an ``E''`` literal."""
    codes = sorted(code for code in fts5_fold_table() if code >= 0x80)
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = ["[^" if negate else "["]
    for first, last in ranges:
        parts.append("\\" + _escape(first) + ("-\\" + _escape(last) if last > first else ""))
    parts.append("]+" if negate else "]")
    return _literal(parts, " " * 12)


def fts_functions() -> str:
    """The SQL that creates the tokenizer's functions (part of the first migration)."""
    separators = _separators_pattern(" " * 12)
    fold_map = _fold_map(" " * 16)
    folded, others = _folded_class(negate=False), _folded_class(negate=True)
    return f"""
    -- FTS5's unicode61 (remove_diacritics 2) on a text: every separator run becomes one
    -- space, every other character is folded as FTS5 folds it. The non-ASCII characters
    -- present that FTS5 folds are looked up once each and folded by one translate() over
    -- just them (translate() costs the text's length times the length of its list).
    CREATE FUNCTION crisistui_fts_fold(t text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    AS $fold$
    DECLARE
        -- lower() under COLLATE "C" folds ASCII only, as FTS5 does below U+0080
        s text COLLATE "C" := lower(regexp_replace(t COLLATE "C",
            {separators},
            ' ', 'g'));
        sources text;
        targets text;
    BEGIN
        IF s !~ {folded} THEN
            RETURN s;
        END IF;
        -- folds to nothing go last: translate() deletes what has no counterpart
        SELECT string_agg(c, '' ORDER BY f = '', c), string_agg(f, '' ORDER BY f = '', c)
        INTO sources, targets
        FROM (SELECT c, (
                {fold_map}::jsonb) ->> c AS f
              FROM (SELECT DISTINCT c FROM regexp_split_to_table(
                        regexp_replace(s,
            {others},
            '', 'g'), '') AS c) AS chars
             ) AS folds
        WHERE f IS NOT NULL;
        RETURN CASE WHEN sources IS NULL THEN s ELSE translate(s, sources, targets) END;
    END
    $fold$;

    -- A text's tokens, in order (readable; for tests and for looking at what is indexed).
    CREATE FUNCTION crisistui_fts_tokens(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $tokens$
    SELECT coalesce(array_agg(token ORDER BY n), '{{}}')
    FROM regexp_split_to_table(crisistui_fts_fold(t), ' +') WITH ORDINALITY AS u(token, n)
    WHERE token <> ''
    $tokens$;

    -- The tokens as indexed: a token longer than a lexeme may be cut to its first
    -- {CUT_TOKEN} characters, then each is spelled in letters a-p (its UTF-8 bytes in hex, the
    -- digits 0-9 written g-p), separated by spaces. PostgreSQL's parser then splits exactly
    -- there, in any locale, and keeps each whole (a word of ASCII letters); on the tokens
    -- themselves it would split "2e3fe" (a number "2e3", then "fe") and, outside the C
    -- locale, "x²" or a word next to an emoji.
    CREATE FUNCTION crisistui_fts_words(t text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    AS $words$
    DECLARE
        s text := crisistui_fts_fold(t);
    BEGIN
        IF octet_length(s) > {MAX_TOKEN_BYTES} AND s ~ '[^ ]{{{CUT_TOKEN}}}[^ ]' THEN
            SELECT string_agg(CASE WHEN octet_length(w) > {MAX_TOKEN_BYTES}
                                   THEN left(w, {CUT_TOKEN}) ELSE w END, ' ' ORDER BY n)
            INTO s FROM regexp_split_to_table(s, ' ') WITH ORDINALITY AS u(w, n);
        END IF;
        -- no byte of s starts with hex 0, so every "20" of its hex is a space
        RETURN translate(replace(encode(convert_to(s, 'UTF8'), 'hex'), '20', ' '),
                         '0123456789', 'ghijklmnop');
    END
    $words$;

    CREATE FUNCTION crisistui_fts_vector(t text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN to_tsvector('simple'::regconfig, crisistui_fts_words(t));

    -- A lexeme of the index spelled back (for looking at what is indexed).
    CREATE FUNCTION crisistui_fts_lexeme(lexeme text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN convert_from(decode(translate(lexeme, 'ghijklmnop', '0123456789'), 'hex'), 'UTF8');

    -- One phrase as FTS5 reads "..." (or "..." * with prefix): its tokens in a row, the last
    -- a prefix; NULL without a token.
    CREATE FUNCTION crisistui_fts_phrase(phrase text, prefix boolean DEFAULT false)
    RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $phrase$
    SELECT string_agg(quote_literal(token)
                      || CASE WHEN prefix AND n = total THEN ':*' ELSE '' END,
                      ' <-> ' ORDER BY n)::tsquery
    FROM (SELECT tokens, cardinality(tokens) AS total
          FROM (SELECT regexp_split_to_array(btrim(crisistui_fts_words(phrase), ' '), ' +')
                    AS tokens) AS w
          WHERE tokens <> '{{""}}') AS p,
         unnest(p.tokens) WITH ORDINALITY AS u(token, n)
    $phrase$;

    -- Every phrase (prefixes[i]: phrase i ends in a prefix); phrases without a token are left
    -- out, as FTS5 does; NULL when none is left.
    CREATE FUNCTION crisistui_fts_all(phrases text[], prefixes boolean[] DEFAULT NULL)
    RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $all$
    SELECT string_agg('(' || q::text || ')', ' & ' ORDER BY n)::tsquery
    FROM (SELECT n, crisistui_fts_phrase(phrase, coalesce(prefixes[n::integer], false)) AS q
          FROM unnest(phrases) WITH ORDINALITY AS u(phrase, n)) AS parts
    WHERE q IS NOT NULL
    $all$;

    -- Any of the phrases (whole words, no prefix), e.g. the authors of a feed filter.
    CREATE FUNCTION crisistui_fts_any(phrases text[]) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $any$
    SELECT string_agg('(' || q::text || ')', ' | ' ORDER BY n)::tsquery
    FROM (SELECT n, crisistui_fts_phrase(phrase, false) AS q
          FROM unnest(phrases) WITH ORDINALITY AS u(phrase, n)) AS parts
    WHERE q IS NOT NULL
    $any$;
    """


def search_form_function(create: str = "CREATE") -> str:
    """``crisistui_search_form(t)``: ``domain.search_text.search_form`` in SQL (migration 10),
    the text a mention is indexed in. One ``translate`` for the one-for-one letters and those
    left out, then a ``replace`` for each letter written as two; its tables, as code points,
    are frozen with the migration like every function of the index."""
    singles = [(old, new) for old, new in SEARCH_FORMS if len(new) == 1]
    dropped = [old for old, new in SEARCH_FORMS if not new]
    longer = [(old, new) for old, new in SEARCH_FORMS if len(new) > 1]
    source = _literal([_escape(ord(c)) for c in [o for o, _ in singles] + dropped], " " * 8)
    target = "'" + "".join(new for _, new in singles) + "'"
    expression = f"translate(t,\n        {source},\n        {target})"
    for old, new in longer:
        expression = f"replace({expression}, E'{_escape(ord(old))}', '{new}')"
    return f"""
    {create} FUNCTION crisistui_search_form(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN {expression};
"""


def search_form_class() -> str:
    """A regular expression class of every character ``crisistui_search_form`` changes, as
    an ``E''`` literal (the rows migration 10 indexes again)."""
    return "E'[" + "".join("\\" + _escape(ord(c)) for c in changed_characters()) + "]'"
