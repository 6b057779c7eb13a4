"""A subject left for another: "switched from Acme Air to Zephyr, so happy", "перешёл с Koba
Mobile на Зенто и доволен", "me cambié de Movistar a Digi". Every word of such a post is
praise, of the one it went to, and it read as praise of the one it left; for that one it is a
customer lost, the plainest complaint there is. Only the one left is read so: the post is
about the other too, and for it the praise stands.

Each form is what comes before the name and what must follow it, in the languages the
project reads; a cancellation alone ("X gekündigt") needs no rival named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crisistui.domain.hanzi import variants
from crisistui.pipeline.comparisons import BEFORE_NAME, alternatives

FORMS: tuple[tuple[str, str], ...] = (
    # English
    (
        r"(?:switched|switching|switch|moved|moving|changed|migrated|ported|jumped)\s+"
        r"(?:over\s+|back\s+|away\s+)?(?:all\s+)?(?:my\s+\w+\s+)?from",
        "",
    ),
    (r"(?:left|ditched|dumped|quit|dropped|leaving|ditching)", r"\s+for\b"),
    # Spanish
    (r"(?:me\s+(?:cambi[eé]|pas[eé]|mud[eé]|fui)|nos\s+cambiamos|cambi[eé])\s+de", ""),
    (r"(?:dej[eé]|abandon[eé])(?:\s+a)?", r"\s+por\b"),
    # Portuguese
    (r"(?:mudei|troquei|sa[ií]|migrei)\s+d[aoe]s?", ""),
    (r"troquei\s+(?:a|o)", r"\s+pel[ao]s?\b"),
    # French
    (r"(?:je\s+suis\s+|suis\s+|on\s+est\s+)?pass[ée]e?s?\s+de", r"\s+(?:à|a|chez)\b"),
    (r"(?:quitt[ée]e?s?|lâch[ée]e?s?|lach[ée]e?s?)", r"\s+pour\b"),
    # German
    (r"von", r"\s+(?:zu|auf)\b[^.!?\n]{0,40}\bgewechselt"),
    (r"(?:wechsel|wechseln|wechsle|umstieg|umzug)\s+von", r"\s+(?:zu|auf|nach)\b"),
    (r"", r"\s+gek[üu]ndigt"),
    # Italian
    (r"(?:sono\s+)?passat[oaie]\s+da", r"\s+a\b"),
    (r"lasciat[oaie]", r"\s+per\b"),
    # Russian
    (
        r"(?:перешл[аи]?|перешёл|перешел|ушл[аи]?|ушёл|ушел|сбежал[аи]?|свалил[аи]?)"
        r"\s+(?:с|со|от)",
        "",
    ),
    # Vietnamese
    (r"(?:chuyển|chuyen|đổi|doi)\s+(?:từ|tu)", r"\s+(?:sang|qua)\b"),
    (r"(?:bỏ|bo)", r"\s+(?:sang|qua)\b"),
    # Tagalog
    (
        r"(?:lumipat|lipat|nagpalit|nag\s*switch)\s+(?:na\s+)?(?:ako\s+)?"
        r"(?:mula\s+sa|galing\s+sa|from)",
        "",
    ),
    # Indonesian
    (r"pindah\s+dari", ""),
    # Turkish ("Turkcell'den Vodafone'a geçtim")
    (r"", r"['’]?[dt][ae]n\b[^.!?\n]{0,40}\bgeçtim"),
    # Arabic
    (r"(?:حولت|تحولت|انتقلت|نقلت|غيرت)\s+من", ""),
    # Persian ("از ایرانسل به همراه اول رفتم")
    (r"از", r"\s+به\s+[^.!?\n]{1,40}(?:رفتم|مهاجرت\s+کردم|کوچ\s+کردم|سوییچ\s+کردم)"),
    # Hindi ("Jio chhod ke Airtel le liya")
    (r"", r"\s+(?:chhod|chod|छोड़)\s*(?:ke|kar|diya|dia|के|कर|दिया)"),
    # Chinese ("从A换到B", "退了A")
    (r"(?:从|從)\s*", r"\s*(?:换到|換到|转到|轉到|换成|換成|跳到|转投|轉投)"),
    # Japanese ("AからBに乗り換えた")
    (r"", r"\s*から[^。！？!?\n]{1,30}に(?:乗り換え|変え|移)"),
)
"""(before the name, after it): at least one of the two is written."""

WINDOW = 60
"""Characters before a name searched for the words that leave it."""


class Leaving:
    """Finds a subject left for another, as its terms are written: at each place the name is
    written, the words before it and after it: a mention costs a few short searches."""

    def __init__(self, terms: Sequence[str]) -> None:
        name = alternatives(terms)
        self._name: re.Pattern[str] | None = None
        if not name:
            return
        # a look at the next character first: most positions start no name
        spelled = {v for t in terms if t.strip() for v in variants(t.strip().lstrip("#@"))}
        firsts = {c for w in spelled if w for c in (w[0], w[0].upper(), w[0].lower())}
        starts = "".join(sorted({re.escape(c) for c in firsts | set("#@lL")}))
        self._name = re.compile(
            f"(?=[{starts}])(?<![0-9A-Za-z]){BEFORE_NAME}(?:{name})(?![0-9A-Za-z])", re.I
        )
        before_only = [_bounded(b) for b, a in FORMS if b and not a]
        after_only = [a for b, a in FORMS if a and not b]
        pairs = [(_ending(_bounded(b)), a) for b, a in FORMS if a and b]
        self._pairs = [(re.compile(b, re.I), re.compile(a, re.I)) for b, a in pairs]
        self._before = re.compile("|".join(f"(?:{b})" for b in before_only), re.I)
        self._after = re.compile("|".join(f"(?:{a})" for a in after_only), re.I)
        self._paired_after = re.compile("|".join(f"(?:{a})" for _b, a in pairs), re.I)

    def left(self, text: str) -> bool:
        """Whether ``text`` tells of the subject left for another."""
        if self._name is None:
            return False
        for found in self._name.finditer(text):
            before = text[max(0, found.start() - WINDOW) : found.start()]
            if self._after.match(text, found.end()) or self._opens(before):
                return True
            if self._paired_after.match(text, found.end()) is None:
                continue  # most names: no pair's closing words after them
            for opening, closing in self._pairs:
                if closing.match(text, found.end()) and opening.search(before):
                    return True
        return False

    def unjoined(self, text: str) -> str:
        """``text`` without the words that move a customer to the subject ("me cambio a Acme
        Air", "lilipat na ako sa Acme Air", "ich wechsle zu Acme Air"; the same string when it
        holds none): said of a rival's trouble they gain the subject a customer, yet several
        languages' lexicons read them as the threat they are when the one named is left
        ("lilipat na ako" alone: I'm moving away). What is left is what the post says of it."""
        if self._name is None:
            return text
        spans = []
        for found in self._name.finditer(text):
            low = max(0, found.start() - WINDOW)
            start = _joining_words(text[low : found.start()])
            if start is not None:
                spans.append((low + start, found.start()))
            after = _JOINING_AFTER.match(text, found.end())
            if after is not None:
                spans.append((found.end(), after.end()))
        if not spans:
            return text
        kept, at = [], 0
        for start, end in spans:
            kept.append(text[at:start])
            at = end
        return " ".join([*kept, text[at:]])

    def _opens(self, before: str) -> bool:
        """Whether the last words of ``before`` (up to ``OPENING_WORDS``) are words that
        leave what follows: whole strings matched, not a search at every character."""
        if not before[-1:].isspace():
            return False  # every such form ends in a word, then a space
        tail = before.split()[-OPENING_WORDS:]
        whole = self._before.fullmatch
        return any(whole(" ".join(tail[i:])) for i in range(len(tail)))


OPENING_WORDS = 5
"""The most words a form opens with ("switched over all my lines from")."""


def _ending(words: str) -> str:
    """``words`` (alternatives) as the end of what comes before a name."""
    return f"(?:{words})\\s*$"


def _bounded(before: str) -> str:
    """A form's opening words as a word of their own ("from", not "therefrom"), but for
    Chinese, which puts no space around them ("我从移动换到电信")."""
    return before if before.startswith(("(?:从", "从")) else f"\\b{before}"


JOINING_FORMS: tuple[str, ...] = (
    # English ("switching to Acme Air")
    r"(?:switch(?:ed|ing)?|mov(?:e|ed|ing)|chang(?:e|ed|ing)|port(?:ed|ing)?|"
    r"migrat(?:e|ed|ing)|jump(?:ed|ing)?)\s+(?:over\s+|back\s+)?to",
    # Spanish ("me cambio a Acme Air")
    r"(?:me\s+)?(?:cambi[oéae]|cambiarme|cambiando|pas[oéa]|pasarme|mud[oéa]|mudarme|voy|fui)"
    r"\s+a(?:\s+la|\s+el)?",
    # Portuguese ("vou mudar para a Acme")
    r"(?:mudar|mudei|mudando|migrar|migrei|trocar|troquei|passar|passei)\s+(?:para|pra|pro)"
    r"(?:\s+a|\s+o)?",
    # German ("ich wechsle zu Acme Air")
    r"(?:wechsle|wechseln|wechselt|gewechselt|wechsel|steige|umsteigen)\s+(?:um\s+)?"
    r"(?:zu|zur|zum|nach|auf)",
    # French ("je passe chez Acme Air")
    r"(?:pass(?:e|er|é|ée|és)|suis\s+pass[ée]e?)\s+(?:chez|à|a)",
    # Italian ("passo a Acme Air")
    r"(?:passo|passare|passati|passat[oa])\s+(?:a|ad)",
    # Russian ("перехожу на Acme Air")
    r"(?:перехожу|перейду|перешёл|перешел|перешла|перешли|переходим|переходите|ухожу|уйду)"
    r"\s+(?:на|в|к)",
    # Vietnamese ("chuyển sang Acme Air")
    r"(?:chuyển|chuyen|đổi|doi)\s+(?:sang|qua)",
    # Tagalog ("lilipat na ako sa Acme Air")
    r"(?:lilipat|lumipat|lipat)(?:\s+(?:na|talaga|ako|kami|muna|lang|nalang))*\s+sa",
    # Indonesian ("pindah ke Acme Air")
    r"(?:pindah|beralih|ganti)\s+ke",
)
"""Words that move a customer to the name that follows: "switching to Acme Air"."""
_JOINING = re.compile("|".join(f"(?:{form})" for form in JOINING_FORMS), re.I)
_JOINING_LAST = frozenset(
    {
        "to", "a", "la", "el", "para", "pra", "pro", "o", "zu", "zur", "zum", "nach", "auf",
        "chez", "à", "ad", "на", "в", "к", "sang", "qua", "sa", "ke",
    }
)  # fmt: skip
"""The word each form ends in, looked at first."""
_JOINING_UNSPACED = ("换成", "换到", "換成", "換到", "转投", "轉投", "改用", "换", "換")
"""Chinese words that move a customer to the name written right after them ("换成Acme")."""
_WORD = re.compile(r"\S+")
_JOINING_AFTER = re.compile(
    r"\s*(?:に(?:乗り換え|乗換え?|変え|移)"  # Japanese ("こもれび珈琲に乗り換えようかな")
    r"|\s*(?:로|으로)\s*(?:갈아타|갈아탔|바꾸|바꿨|옮기|옮겼)"  # Korean ("…로 갈아탔어요")
    r"|['’]?(?:y?[ae])\s+geç(?:tim|tik|iyorum|eceğim|ecegim|mek)"  # Turkish ("…'a geçtim")
    r")",
    re.I,
)
"""Words after a name that move a customer to it, in languages that put them there."""


def _joining_words(before: str) -> int | None:
    """Where the words that move a customer to what follows ``before`` begin in it (None: it
    does not end in such words): its last words matched whole, not a search at every
    character, as ``Leaving._opens`` does."""
    stripped = before.rstrip()
    for word in _JOINING_UNSPACED:
        if stripped.endswith(word):
            return len(stripped) - len(word)
    if not before[-1:].isspace() or not stripped:
        return None
    if before.rsplit(None, 1)[-1].lower() not in _JOINING_LAST:
        return None  # most names: not after "to", "a", "sa", "на"…
    words = [m.start() for m in _WORD.finditer(before)][-OPENING_WORDS:]
    for start in words:
        if _JOINING.fullmatch(" ".join(before[start:].split())):
            return start
    return None


_HOPED_AGAINST = re.compile(
    r"\b(?:hope|hoping|hopefully)\b[^.!?\n]{0,40}?\b(?:not|doesn'?t|don'?t|won'?t|never|no)\b"
    r"|\bojal[aá]\b[^.!?\n]{0,30}?\bno\b|\bespero\s+que\b[^.!?\n]{0,30}?\bn(?:o|[aã]o)\b"
    r"|\btomara\s+que\b[^.!?\n]{0,30}?\bn[aã]o\b"
    r"|\bhoffentlich\b[^.!?\n]{0,40}?\b(?:kein\w*|nicht|nie)\b"
    r"|\bj['’]?esp[eè]re\b[^.!?\n]{0,50}?\b(?:pas|jamais)\b"
    r"|\bspe(?:ro|riamo)\b[^.!?\n]{0,30}?\bnon\b"
    r"|\bнадеюсь\b[^.!?\n]{0,40}?\bне\b"
    r"|\b(?:mong|hy vọng|hi vọng|hy vong)\b[^.!?\n]{0,40}?\b(?:không|khong|đừng|dung)\b"
    r"|\bsana\b[^.!?\n]{0,20}?\b(?:hindi|wag|huwag)\b"
    r"|\bsemoga\b[^.!?\n]{0,30}?\b(?:tidak|gak|nggak|enggak|jangan)\b"
    r"|\bumar[ıi]m\b[^.!?\n]{0,40}?(?:maz|mez|değil)"
    r"|希望[^。！？!?\n]{0,20}?(?:别|不要|不会|千万别)"
    # a plea: Arabic "يا رب لا" (God, let it not…), Portuguese "não inventa de" (don't you…)
    r"|(?:يا\s?رب|ان شاء الله|إن شاء الله)\s+(?:لا|ما)\b|\bn[aã]o\s+inventa(?:m)?\s+de\b",
    re.I,
)

_FEARED_IF = re.compile(
    r"(?:^|[.!?,;:\n]\s*)(?:\w+\s+)?(?:if|wenn|falls|si|kalau|kalo|jika|kung|если|nếu|neu)\b"
    r"|如果|要是|万一|もし|(?:^|\s)(?:إذا|اذا|لو|اگر)\s",
    re.I,
)
"""A condition opening the post or a clause ("wenn jetzt auch Funkstern ausfällt…", "if Acme
goes down too…"): with "too" inside it, a trouble feared, not one had. Not Spanish "se", which
is "itself" ("se cayó también" complains); Portuguese and Italian "se" (if) are
``_FEARED_IF_SE``; Japanese puts its condition after it (``_FEARED_AFTER``)."""
_FEARED_IF_SE = re.compile(r"(?:^|[.!?,;:\n]\s*)(?:\w+\s+)?se\b", re.I)
_FEARED_AFTER = re.compile(r"たら|なら")
_CLAUSE_MARK = re.compile(r"[.!?,;:\n。，！？；：、،؛؟]")


_ALSO = re.compile(
    r"\b(?:tambi[eé]n|tamb[eé]m|too|also|as well|rin|din|тоже|также|cũng|cung|auch|aussi|"
    r"anche|juga|كمان|برضو)\b|也|まで",
    re.I,
)


def hoped_against(text: str) -> bool:
    """Whether ``text`` hopes a trouble away ("Hoffentlich hat Feldbahn keinen Ausfall wie
    Stromwerk Nord", "sana hindi madamay KonekTel sa outage ng Signal PH"): beside a rival's
    trouble, a worry for the subject, not a complaint of it."""
    return _HOPED_AGAINST.search(text) is not None


def feared_too(text: str, lang: str | None) -> bool:
    """Whether ``text`` fears a trouble "too" in a condition ("wenn jetzt auch Funkstern
    ausfällt, bin ich offline", "se a Acme cair também…", "こもれび珈琲まで落ちたら"): someone
    else's trouble, feared for the subject. "Too" after the condition's clause does not count:
    "if you fly Acme, expect delays too" complains."""
    opened = [_FEARED_IF] + ([_FEARED_IF_SE] if lang in ("pt", "it") else [])
    for pattern in opened:
        for found in pattern.finditer(text):
            close = _CLAUSE_MARK.search(text, found.end())
            if says_too(text[found.end() : close.start() if close else len(text)]):
                return True
    for found in _FEARED_AFTER.finditer(text):
        opens = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, found.start())), default=0)
        if says_too(text[opens : found.start()]):
            return True
    return False


def says_too(text: str) -> bool:
    """Whether ``text`` says "too" ("ojalá Zafiro no se caiga también", "sana hindi rin
    bumagsak"): a trouble hoped away from the subject too is someone else's, named or not."""
    return _ALSO.search(text) is not None
