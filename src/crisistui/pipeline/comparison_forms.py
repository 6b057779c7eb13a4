"""How comparisons against a subject are written, language by language: the forms
``comparisons`` reads ("better than", "prefer X over", "比X好", …) and the cue words that say a
text may hold one."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Form:
    better: str
    worse: str
    said_better: str
    said_worse: str
    gap: bool = True
    """Whether up to two words may stand between the comparison and the subject (there is a
    "than" word to end the comparison; without one, "лучше летайте Acme Air" is advice)."""
    opens: bool = True
    """Whether it may open a sentence: "Лучше Acme Air, чем Zephyr" has no rival before it."""
    comparative: bool = True
    """A comparative word, which after an article is a superlative ("lo mejor que")."""
    rival_first: bool = False
    """Only with a rival named just before it: "Zephyr > Acme Air", not "Settings > Acme Air"."""
    edge: bool = False
    """A rival's edge (cheaper, slower…) rather than "better": turned only with nothing but an
    article before the subject, and never towards a handle or tag ("slower than a snail
    @AcmeAir" speaks to the brand and compares a snail; "günstiger als gestern bei Acme Air"
    compares a day)."""


_NEVER = r"(?!)"
"""A form turning only one way ("prefer X over", "not as good as") has this for the other."""
_WORDS = {"comparative": False}
"""A phrase, not a comparative word: no article makes it a superlative."""
_PHRASE = {"comparative": False, "opens": False, "rival_first": True}
_BETWEEN = r"(?:[^\s.,!?;:]+\s+){1,4}?"
"""The rival's name between "prefer" and "over": up to four words, not across a sentence."""
_NOT_VERB = r"(?![^\s]+(?:ar|er|ir|re)\b)"
"""Not an infinitive: "prefiero volar a Cancún" prefers flying, not a rival."""

FORMS = (
    Form(r"better\s+th[ae]n", r"worse\s+th[ae]n", "better than", "worse than"),
    Form(r"mejor(?:es)?\s+(?:que|q)", r"peor(?:es)?\s+(?:que|q)", "mejor que", "peor que"),
    Form(
        r"melhor(?:es)?\s+(?:do\s+)?(?:que|q)",
        r"pior(?:es)?\s+(?:do\s+)?(?:que|q)",
        "melhor que",
        "pior que",
    ),
    Form(
        r"(?:(?:bien|beaucoup|tellement|vraiment)\s+)?(?:meilleur(?:e|s|es)?|mieux)\s+qu(?:e|['’])",
        r"(?:(?:bien|beaucoup|tellement|vraiment)\s+)?pires?\s+qu(?:e|['’])",
        "meilleur que ",
        "pire que ",
    ),
    Form(r"besser\s+(?:als|wie)", r"schlechter\s+(?:als|wie)", "besser als", "schlechter als"),
    Form(
        r"(?:meglio|migliore|migliori)\s+(?:di|del|della|dei|che)",
        r"(?:peggio|peggiore|peggiori)\s+(?:di|del|della|dei|che)",
        "meglio di",
        "peggio di",
    ),
    Form(r"лучше\s*,?\s*чем", r"хуже\s*,?\s*чем", "лучше", "хуже"),
    Form(r"лучше", r"хуже", "лучше", "хуже", gap=False, opens=False),
    Form(r"tốt\s+hơn\s+so\s+với", r"tệ\s+hơn\s+so\s+với", "tốt hơn", "tệ hơn"),
    Form(r"tốt\s+hơn", r"tệ\s+hơn", "tốt hơn", "tệ hơn", gap=False, opens=False),
    Form(
        r"(?:lebih|lbh)\s+(?:baik|bagus|bgs)\s+(?:dari|daripada|drpd|dr)",
        r"(?:lebih|lbh)\s+(?:buruk|jelek|parah)\s+(?:dari|daripada|drpd|dr)",
        "lebih baik dari",
        "lebih buruk dari",
    ),
    # cheaper, faster, more reliable …: a rival's edge is the subject's fault all the same
    Form(
        r"(?:nicer|cheaper|faster|quicker|friendlier|cleaner|smoother|comfier|more\s+"
        r"(?:comfortable|reliable|helpful|punctual|professional|affordable))\s+th[ae]n",
        r"(?:slower|ruder|dirtier|pricier|more\s+expensive|less\s+"
        r"(?:comfortable|reliable|helpful|punctual))\s+th[ae]n",
        "better than",
        "worse than",
        edge=True,
    ),
    Form(
        r"(?:bequemer|günstiger|guenstiger|billiger|schneller|freundlicher|netter|"
        r"zuverlässiger|zuverlaessiger|pünktlicher|puenktlicher)\s+(?:als|wie)",
        r"(?:langsamer|teurer|unfreundlicher|unzuverlässiger|unbequemer)\s+(?:als|wie)",
        "besser als",
        "schlechter als",
        edge=True,
    ),
    Form(
        r"m[aá]s\s+(?:barat[oa]s?|r[aá]pid[oa]s?|c[oó]mod[oa]s?|puntual(?:es)?|amables?|"
        r"confiables?|fiables?)\s+(?:que|q)",
        r"m[aá]s\s+(?:car[oa]s?|lent[oa]s?|impuntual(?:es)?)\s+(?:que|q)",
        "mejor que",
        "peor que",
        edge=True,
    ),
    Form(
        r"mais\s+(?:barat[oa]s?|r[aá]pid[oa]s?|confort[aá]ve(?:l|is)|pontua(?:l|is)|"
        r"confi[aá]ve(?:l|is))\s+(?:do\s+)?(?:que|q)",
        r"mais\s+(?:car[oa]s?|lent[oa]s?)\s+(?:do\s+)?(?:que|q)",
        "melhor que",
        "pior que",
        edge=True,
    ),
    Form(
        r"(?:(?:bien|beaucoup|tellement|vraiment)\s+)?"
        r"(?:moins\s+cher(?:e|s|es)?|plus\s+(?:rapides?|confortables?|ponctuel(?:le)?s?|"
        r"fiables?|sympas?|agr[ée]ables?))\s+qu(?:e|['’])",
        r"(?:(?:bien|beaucoup|tellement|vraiment)\s+)?"
        r"(?:plus\s+(?:cher(?:e|s|es)?|lente?s?)|moins\s+(?:fiables?|confortables?|"
        r"ponctuel(?:le)?s?))\s+qu(?:e|['’])",
        "meilleur que ",
        "pire que ",
        edge=True,
    ),
    Form(
        r"più\s+(?:comod[oa]|economic[oa]|economici|veloce|veloci|puntuale|affidabile|"
        r"gentile|gentili)\s+(?:di|del|della|dei|che)",
        r"più\s+(?:car[oa]|lent[oa])\s+(?:di|del|della|dei|che)",
        "meglio di",
        "peggio di",
        edge=True,
    ),
    Form(
        r"(?:ngon|rẻ|nhanh|êm|sạch|đẹp|ổn)\s+hơn(?:\s+so\s+với)?",
        r"(?:đắt|chậm|dở|bẩn)\s+hơn(?:\s+so\s+với)?",
        "tốt hơn",
        "tệ hơn",
        gap=False,
        opens=False,
        edge=True,
    ),
    Form(
        r"(?:lebih|lbh)\s+(?:enak|murah|cepat|cepet|nyaman|ramah)\s+(?:dari|daripada|drpd|dr)",
        r"(?:lebih|lbh)\s+(?:mahal|lambat|lelet)\s+(?:dari|daripada|drpd|dr)",
        "lebih baik dari",
        "lebih buruk dari",
        edge=True,
    ),
    Form(
        r"(?:дешевле|быстрее|удобнее|над[её]жнее|вкуснее)\s*,?\s*чем",
        r"(?:дороже|медленнее)\s*,?\s*чем",
        "лучше",
        "хуже",
        edge=True,
    ),
    Form(
        r"(?:дешевле|быстрее|удобнее|над[её]жнее|вкуснее)",
        r"(?:дороже|медленнее)",
        "лучше",
        "хуже",
        gap=False,
        opens=False,
        edge=True,
    ),
    # "Zephyr > Acme Air": an emoji reads alike in every language
    Form(r"(?<=\s)>(?![>=])", r"(?<=\s)<(?![<=3])", " 👍 ", " 👎 ", gap=False, **_PHRASE),
    Form(r"(?:miles|way|far|light\s*years)\s+ahead\s+of", _NEVER, "", "worse than", **_WORDS),
    Form(
        rf"prefer(?:s|red)?\s+(?!(?:not\s+)?to\b){_BETWEEN}(?:over|to|than)",
        _NEVER,
        "",
        "worse than",
        gap=False,
        **_WORDS,
    ),
    Form(rf"rather\s+{_BETWEEN}than", _NEVER, "", "worse than", **_WORDS),
    Form(
        rf"prefiero\s+{_NOT_VERB}{_BETWEEN}(?:antes\s+)?(?:que|a)",
        _NEVER,
        "",
        "peor que",
        gap=False,
        **_WORDS,
    ),
    Form(
        rf"prefiro\s+{_NOT_VERB}{_BETWEEN}(?:do\s+)?(?:que|a)",
        _NEVER,
        "",
        "pior que",
        gap=False,
        **_WORDS,
    ),
    Form(
        rf"préf[èe]re\s+{_NOT_VERB}{_BETWEEN}(?:à|a)", _NEVER, "", "pire que", gap=False, **_WORDS
    ),
    Form(rf"lieber\s+{_BETWEEN}als", _NEVER, "", "schlechter als", gap=False, **_WORDS),
    Form(
        rf"preferisco\s+{_NOT_VERB}{_BETWEEN}(?:a|ad|che)",
        _NEVER,
        "",
        "peggio di",
        gap=False,
        **_WORDS,
    ),
    Form(
        _NEVER,
        r"(?:not|(?:is|are|was|were|ai)n['’]t|nowhere\s+near)\s+as\s+good\s+as",
        "better than",
        "",
        **_WORDS,
    ),
    Form(_NEVER, r"nicht\s+so\s+gut\s+wie", "besser als", "", **_WORDS),
    # "nothing beats Acme Air": praise no scorer reads (an emoji reads alike everywhere)
    Form(
        _NEVER,
        r"(?:nothing|nobody|no\s+one|nada|nadie|rien|personne|nichts|niemand|niente|nulla|"
        r"nessuno)\s+(?:beats|tops|compares\s+(?:to|with)|supera|le\s+gana\s+a|ne\s+vaut|"
        r"geht\s+über|batte)",
        " 👍 ",
        "",
        **_WORDS,
    ),
    # "Meglio Zephyr che Acme Air", "mejor trato que Acme Air": the comparative before the rival
    Form(rf"meglio\s+{_BETWEEN}che", _NEVER, "", "peggio di"),
    Form(rf"mejor(?:es)?\s+{_BETWEEN}que", _NEVER, "", "peor que"),
    Form(rf"melhor(?:es)?\s+{_BETWEEN}(?:do\s+)?que", _NEVER, "", "pior que"),
    Form(
        _NEVER,
        r"(?:n['’]\S+\s+|ne\s+\S+\s+)?pas\s+aussi\s+(?:bien|bon(?:ne)?s?)\s+qu(?:e|['’])",
        "meilleur que ",
        "",
        **_WORDS,
    ),
    Form(_NEVER, r"no\s+es\s+tan\s+buen[oa]\s+como", "es mejor que", "", **_WORDS),
    Form(_NEVER, r"não\s+é\s+tão\s+bo[am]\s+(?:quanto|como)", "é melhor que", "", **_WORDS),
    Form(
        r"mas\s+(?:maganda|magaling|mabuti|maayos|okay|ok|mura|mabilis|komportable)(?:\s+\S+){0,4}?\s+(?:kaysa|kesa)(?:\s+sa)?",
        r"mas\s+(?:pangit|panget|malala|masama)(?:\s+\S+){0,4}?\s+(?:kaysa|kesa)(?:\s+sa)?",
        "mas maganda kaysa",
        "mas pangit kaysa",
    ),
    Form(r"(?:خیلی\s+)?بهتر\s+از", r"(?:خیلی\s+)?بدتر\s+از", "بهتر از", "بدتر از"),
    Form(
        r"(?:أفضل|افضل|أحسن|احسن)\s+(?:بكثير\s+)?من",
        r"(?:أسوأ|اسوأ|أسوء|اسوء|أوحش|اوحش)\s+(?:بكثير\s+)?من",
        "أفضل من",
        "أسوأ من",
    ),
)

STARTS = "bwmptvslлхfnria><cqdgzueđêổдбунвмخبأا"
"""The letters every form's patterns start with (either case): a look at the next letter
first skips most positions of a text without trying two dozen alternatives at each."""

CUE_WORDS = (
    "better", "worse", "mejor", "peor", "melhor", "pior", "meilleur", "mieux", "pire", "besser",
    "schlechter", "meglio", "miglior", "peggio", "peggior", "лучше", "хуже", "tốt", "tệ",
    "lebih", "lbh", "mas ", ">", "<", "ahead", "pref", "lieber", "as good", "nicht so gut",
    "pas aussi", "tan buen", "tão bo", "rather", "beats", "tops", "compares", "supera",
    "le gana", "ne vaut", "geht über", "batte", "nicer", "cheaper", "faster", "quicker",
    "friendlier", "cleaner", "smoother", "comfier", "more comf", "more reli", "more help",
    "more punct", "more prof", "more afford", "slower", "ruder", "dirtier", "pricier",
    "more expens", "less comf", "less reli", "less help", "less punct", "bequemer", "günstiger",
    "guenstiger", "billiger", "schneller", "freundlicher", "netter", "zuverlässiger",
    "zuverlaessiger", "pünktlicher", "puenktlicher", "langsamer", "teurer", "unbequemer",
    "barat", "rápid", "rapid", "cómod", "comod", "puntual", "amable", "confiable", "fiable",
    "caro", "cara", "lento", "lenta", "lente", "lent ", "confortáve", "confortave", "pontua",
    "confiáve", "confiave", "cher", "economic", "veloc", "affidabil", "gentil", "confortable",
    "ponctuel", "sympa", "agréable", "agreable", "ngon", "rẻ", "nhanh", "êm", "sạch", "đẹp",
    "ổn", "đắt", "chậm", "dở", "bẩn", "дешевле",
    "быстрее", "удобнее", "надежнее", "надёжнее", "вкуснее", "дороже", "медленнее", "بهتر",
    "بدتر", "أفضل", "افضل", "أحسن", "احسن", "أسوأ", "اسوأ", "أسوء", "اسوء", "أوحش", "اوحش",
)  # fmt: skip
"""The word each form's comparison turns on (or starts with), lower-cased as written."""
CUE_WORDS_RE = re.compile("|".join(map(re.escape, CUE_WORDS)), re.I)
AS_WRITTEN = (
    *("tốt", "tệ", "mas ", "ngon", "rẻ", "nhanh", "êm", "sạch", "đẹp", "ổn", "đắt", "chậm"),
    *("dở", "bẩn"),
)
"""Cues folding into common words ("tot", "re", "mas" for Spanish "más"): Vietnamese is
looked for by its "hơn" as written, Tagalog by its "kaysa"."""

CHINESE = (
    r"(?P<denied>不|没有|沒有)?比\s*(?P<subject>{subject})\s*(?P<more>要|还要|還要|更加|更|还|還)?"
    r"(?P<word>准时|準時|靠谱|靠譜|专业|專業|舒服|便宜|好|强|強|棒|快|差|烂|爛|糟|贵|貴|慢|坑)"
    r"(?P<asked>[^。！？!?]*[吗嗎][？?]?)?"
)
CHINESE_BETTER = ("好", "强", "強", "棒", "快", "舒服", "便宜", "准时", "準時", "靠谱", "靠譜")
CHINESE_BETTER += ("专业", "專業")
CHINESE_TURNED = {
    **dict.fromkeys(CHINESE_BETTER, "差"),
    **dict.fromkeys(("差", "烂", "爛", "糟", "贵", "貴", "慢", "坑"), "好"),
}
