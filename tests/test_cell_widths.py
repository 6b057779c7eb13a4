"""Feed rows in complex scripts are as wide as terminals draw them.

``drawn`` is what glibc's wcwidth (and so tmux 3.3a) advances the cursor by: nothing for a
nonspacing or enclosing mark, a format character or a medial jamo, two cells for an East
Asian wide character, one for anything else, a spacing mark (Mc) included."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from rich.cells import cell_len

from crisistui.tui.cells import spacing_marks
from crisistui.tui.format import UNKNOWN_GLYPH, plain, steady_width
from crisistui.tui.widgets.feed import MentionFeed
from tests.conftest import DEMO_ORIGIN
from tests.test_layout_crisis import _mention


def drawn(text: str) -> int:
    cells = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf") or "\u1160" <= char <= "\u11ff":
            continue
        cells += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return cells


SAMPLES = {
    "hindi": "स्टाफ़ ने मदद नहीं की, सेवा ख़राब है",
    "bengali": "কর্মীরা সাহায্য করেনি, পরিষেবা খারাপ",
    "tamil": "விமான சேவை மிகவும் மோசமாக உள்ளது",
    "telugu": "విమాన సేవ చాలా చెత్తగా ఉంది",
    "gujarati": "એરલાઇનની સેવા ખૂબ ખરાબ છે",
    "punjabi": "ਏਅਰਲਾਈਨ ਦੀ ਸੇਵਾ ਬਹੁਤ ਮਾੜੀ ਹੈ",
    "sinhala": "ශ්\u200dරී ලංකා ගුවන් සේවය ඉතා නරකයි",
    "thai": "ผู้โดยสารรอนานที่สุด น้ำก็ไม่มี แย่มาก",
    "lao": "ການບໍລິການບໍ່ດີເລີຍ ຂ້ອຍຜິດຫວັງຫຼາຍ ຄຳ",
    "khmer": "សេវាកម្មអាក្រក់ណាស់ ខ្ញុំមិនពេញចិត្តទេ",
    "burmese": "ဝန်ဆောင်မှု အရမ်းဆိုးတယ် ကျွန်တော် စိတ်ပျက်တယ်",
    "tibetan": "གནམ་གྲུའི་ཞབས་ཞུ་ཧ་ཅང་སྡུག་པོ་རེད། ཀཿ",
    "javanese": "ꦲꦏꦸꦩꦺꦴꦤ꧀ꦠꦺꦤ꧀",
    "emoji since Unicode 15": "new emoji \U0001fae8 \U0001fabf \U0001fa77 \U0001fae9 ok",
}


def test_every_spacing_mark_takes_a_cell() -> None:
    assert len(spacing_marks()) > 400
    for code, cells in spacing_marks().items():
        assert cell_len("a" + chr(code)) == 1 + cells, f"U+{code:04X}"


@pytest.mark.parametrize("sample", SAMPLES.values(), ids=SAMPLES.keys())
def test_display_text_measures_as_drawn(sample: str) -> None:
    shown = plain(sample).plain
    assert cell_len(shown) == drawn(shown)


@pytest.mark.parametrize("sample", SAMPLES.values(), ids=SAMPLES.keys())
@pytest.mark.parametrize("width", [43, 69, 116])
def test_complex_script_rows_fill_the_pane_exactly(sample: str, width: int) -> None:
    """A row one cell wider than measured pushes the pane's border (and the pane beside it)
    a cell to the right: the Khmer and Burmese rows were six and eight too wide."""
    now = DEMO_ORIGIN + timedelta(seconds=30)
    row = MentionFeed(lambda: now).row_text(_mention(f"{sample} Acme Air"), width, now)
    assert cell_len(row.plain) == drawn(row.plain) == width


def test_characters_terminals_may_not_know_are_shown_as_one_cell() -> None:
    assert steady_width("ok \U0001fae8 \U0001fabf") == f"ok {UNKNOWN_GLYPH} {UNKNOWN_GLYPH}"
    assert steady_width("x\u0378y") == f"x{UNKNOWN_GLYPH}y"  # unassigned
    assert steady_width("\u3164name") == "name"  # a blank Hangul filler
    kept = "ສະບາຍດີ ខ្ញុំ မင်္ဂလာ 👍 ✈ 中文 é"
    assert steady_width(kept) == kept
