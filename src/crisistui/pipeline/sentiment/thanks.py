"""Thanks for a failure: "Thanks @Ryanair for cancelling my flight the night before, great job
👍", "Gracias Movistar por dejarme sin internet todo el finde", "Спасибо Билайн за три дня
без связи", "谢谢顺丰把我的快递弄丢了". The commonest form of sarcasm in complaints to a brand:
every word of it is praise (thanks, great, 👍) but what is thanked for is the failure. Each
such sentence written for the tests read as praise, in every language.

The thing thanked for is the words after "for" ("por", "pour", "für", "за", "đã", "sa",
"على", "بابت"…), or before "ke liye", "için", "てくれて" where the language puts it there,
up to the end of its clause; in Chinese the rest of the clause after 谢谢; with none of those,
the clause after the thanks ("Thanks Jio, 2 din se net nahi chal raha"). When that reads as
a complaint on its own, and names no remedy (fixed, refunded, helped, let me know, apologised),
the post's praise is read the other way round.
"""

from __future__ import annotations

import re

from crisistui.pipeline.sentiment.questions import SENTENCE_END

_THANKS = (
    r"thanks?|thank you|thx|gracias|muchas gracias|merci|danke|vielen dank|obrigad[oa]|"
    r"valeu|grazie|спасибо|благодарю|cảm ơn|cam on|salamat|maraming salamat|شكرا|شكراً|ممنون|"
    r"مرسی|مرسي|shukriya|dhanyavaad|thanku|teşekkürler|dzięki|dziękuję|bedankt|dank je|"
    r"terima kasih|makasih|תודה"
)
_FOR = (
    r"for|por|pour|für|per|за|vì|đã|sa|para|على|بابت|برای|za|voor|atas|udah|sudah|telah|על|"
    r"(?:إن|ان)(?!\s*شاء)|إنكم|انكم|إنك|انك"  # Arabic "that" (not "إن شاء الله")
)
_THANKS_FIRST = re.compile(
    rf"(?i)^(?:\s*@\w+)*\s*(?:{_THANKS})(?!\w)[^.!?\n]*?(?<!\w)(?:{_FOR})(?!\w)([^\n]*)"
)
"""Thanks, then (after the name thanked) the word for "for" and what it is for."""
_THANKS_BEFORE_FOR_AFTER = re.compile(
    rf"(?i)^(?:\s*@\w+)*\s*(?:{_THANKS})(?!\w)([^.!?\n]*?)(?<!\w)(?:ke liye|के लिए|için)(?!\w)"
)
"""Hindi and Turkish put "for" after what it is for: "Shukriya Jio, 2 din network gayab karne
ke liye"."""
_THANKED_AT_THE_END = re.compile(
    r"(?i)(?:ke liye|के लिए|için|てくれて|してくれて|해줘서|해 줘서|해주셔서)\s*"
    r"(?:thanks|thank you|shukriya|dhanyavaad|धन्यवाद|शुक्रिया|teşekkür\w*|sağol\w*|ありがとう|"
    r"고마워|고맙|감사)"
)
"""Thanks after what it is for, which is the rest of its sentence before it: "…
internetsiz bıraktığı için teşekkürler", "… 遅延してくれてありがとう"."""
_THANKS_THEN = re.compile(
    rf"(?i)^(?:\s*@\w+)*\s*(?:{_THANKS})(?!\w)[^,.;!?\n]{{0,40}}[,:–—]\s*([^\n]*)"
)
"""Thanks to a name, then the clause after its comma says what for: "Thanks Jio, 2 din se net
nahi chal raha, badhiya service" (not the sentence after a full stop: "Merci ! Autre chose")."""
_THANKS_IN_HAN = re.compile(r"^(?:\s*@\w+)*\s*(?:谢谢|感谢|謝謝|感謝)([^，。！？,.!?\n]*)")
_CLAUSE_END = re.compile(r"[,.;!?，。！？،؛👏👍👌🙌🎉💯]")
"""Where the clause thanked for ends: a mark, or a face of applause ("por dejarme sin internet
👏 sois los mejores"); not a face that says what the thanks feels ("naghintay kahit 10 mins
ako late 🥹 5 stars": touched)."""
REMEDY = re.compile(
    r"(?i)(?<!\w)(?:fix\w*|sort\w*|resolv\w*|solv\w*|help\w*|refund\w*|replac\w*|"
    r"compensat\w*|know|inform\w*|updat\w*|heads up|explain\w*|apolog\w*|sorry|"  # English
    r"arregl\w*|solucion\w*|ayud\w*|reembols\w*|devolv\w*|avis\w*|disculp\w*|"  # Spanish
    r"répar\w*|résol\w*|résoudr\w*|aid\w*|rembours\w*|régl\w*|prévenu\w*|excus\w*|"  # French
    r"behoben|gelöst|lös\w*|hilf\w*|erstatt\w*|ersetzt|bescheid|entschuldig\w*|"  # German
    r"consert\w*|ajud\w*|risol\w*|sistemat\w*|aiut\w*|rimbors\w*|riparat\w*|scus\w*|"  # pt, it
    r"реши\w*|исправ\w*|помог\w*|помощь|вернул\w*|починил\w*|предупред\w*|извин\w*|"  # Russian
    r"sửa|giải quyết|hỗ trợ|hoàn tiền|giúp|báo|xin lỗi|"  # Vietnamese
    r"inayos|ayos|tulong|naibalik|madad|theek|çözd\w*|yardım\w*|iade|"  # tl, hi, tr
    r"naprawi\w*|pomoc\w*|zwrot\w*|opgelost|geholpen|terugbetaal\w*|memperbaiki|bantu\w*|"
    r"حل|ساعد\w*|مساعد\w*|اعتذار|کمک|پیگیری|عذرخواهی|"
    r"found|returned|return\w*|gevonden|teruggevonden|binalik|ibinalik|diganti|ganti\w*|"
    r"encontr\w*|trouv\w*|retrouv\w*|gefunden|wiedergefunden|ritrovat\w*|trovat\w*|achad\w*|"
    r"devolvid\w*|нашли|нашёл|нашел|вернули|tìm thấy|tìm lại|trả lại|buldu\w*|bulundu|"
    r"znalez\w*|ditemukan|dikembalikan|mengembalikan|وجدوا|رجعوا|پیدا|"
    r"works?|working|back|up and running|running|funciona\w*|march\w*|läuft|funziona\w*|"
    r"работает|заработал\w*|hoạt động|gumagana|çalışıyor|berfungsi|działa|werkt|شغال\w*"
    r")(?!\w)|解决|修好|帮|退款|处理|解決|道歉|直し|助か|해결|도와|找到|还给|送回|見つけ"
)
"""What a thanks can be for, beside a failure, and mean it: the fix, the refund, the help,
the warning, the apology ("thanks for letting me know about the delay"), what was lost and
found or given back ("binalik niya yung wallet na naiwan ko"), or a service working again."""


SENTENCE_BREAK = re.compile("[" + re.escape("".join(sorted(SENTENCE_END))) + "\n]")
"""Where a sentence ends, by the marks ``questions.SENTENCE_END`` knows, or a line break."""
_FORMS = (
    (_THANKS_BEFORE_FOR_AFTER, False),
    (_THANKS_FIRST, True),
    (_THANKS_IN_HAN, False),
    (_THANKS_THEN, True),
)
"""Each way of saying what thanks is for that opens the post, the likeliest first, and
whether what it finds runs on past its clause."""


def thanked_for(text: str) -> str | None:
    """What ``text`` thanks for, when it opens (or, in Hindi, Turkish, Japanese and Korean,
    closes) with thanks and names what for, unless that is a remedy; else None."""
    thing: str | None = None
    for form, runs_on in _FORMS:
        if (found := form.search(text)) is not None:
            thing = found.group(1)
            if runs_on:
                thing = _CLAUSE_END.split(thing, 1)[0]
            break
    else:
        if (closing := _THANKED_AT_THE_END.search(text)) is not None:
            thing = SENTENCE_BREAK.split(text[: closing.start()])[-1]  # its own sentence
    if thing is None or not thing.strip() or REMEDY.search(thing):
        return None
    return thing


_CLOSING_THANKS = re.compile(
    r"(?i)[\s,.;:!،،]*(?<!\w)(?:"
    r"(?:many |much )?thanks?(?: you)?(?: (?:so much|in advance|a lot))?|thx|ty|tia|"
    r"(?:muchas )?gracias(?: de antemano)?|merci(?: d'avance| beaucoup)?|(?:vielen )?dank(?:e)?"
    r"(?: im voraus)?|grazie(?: mille| in anticipo)?|obrigad[oa](?: desde já)?|"
    r"(?:заранее )?спасибо(?: заранее)?|cảm ơn(?: ạ| nhiều)?|cám ơn(?: ạ)?|"
    r"(?:maraming )?salamat(?: po)?|شكرا(?:ً)?(?: لكم)?|شكراً|ممنون(?:م)?|مرسی|متشکرم|"
    r"dhanyavaad|shukriya|धन्यवाद|teşekkürler|terima kasih|dziękuję|bedankt|"
    r"谢谢(?:了)?|謝謝|感谢|多谢"
    r")[\s.!。！~～🙏]*$"
)
"""A thanks that closes a post, said for the help asked for, not for anything done."""
_ASKS_FOR_HELP = re.compile(
    r"(?i)(?<!\w)(?:please|pls|plz|could you|can you|por favor|podr[ií]an|pueden|svp|"
    r"s'il vous pla[iî]t|pourriez-vous|pouvez-vous|bitte|k[öo]nnten sie|per favore|potete|"
    r"por gentileza|podem|пожалуйста|прошу|لطفا|لطفاً|خواهشا|من فضلك|يرجى|ارجو|أرجو|"
    r"vui lòng|nhờ (?:anh|chị|shop|bên|ad|admin)|xin hãy|paki-\w+|pakisuyo|sana po|kripya|"
    r"krpya|कृपया|lütfen|tolong|mohon|proszę|alstublieft)(?!\w)|麻烦|请问|请尽快|请帮|请处理|拜托"
)
"""A request for help: a thanks after one is politeness."""


_THANKS_STEMS = (
    "than", "thx", "ty", "tia", "gracias", "merci", "dank", "grazie", "obrigad", "спасибо",
    "ơn", "salamat", "شكر", "ممنون", "مرسی", "متشکرم", "dhanyavaad", "shukriya", "धन्यवाद",
    "teşekkür", "terima kasih", "dziękuję", "bedankt", "谢", "謝", "感谢",
)  # fmt: skip
"""Pieces of every closing thanks above: most posts end with none."""
CLOSING_THANKS_CHARS = 60
"""How far from a post's end its closing thanks is looked for ("Merci d'avance pour votre
aide." is 30 characters); searched from every position of a long post, the pattern cost a
tenth of the pipeline."""


def thanks_for_help_asked(text: str) -> str | None:
    """``text`` without the thanks that closes it, when it asks for help ("… llevo 10 días
    sin fibra. ¿Me podrían dar una solución, por favor? Gracias.", "…宽带断了三天了，麻烦尽快
    处理一下，谢谢。"): the thanks is for help not given yet, and the post complains; else None."""
    tail = max(len(text) - CLOSING_THANKS_CHARS, 0)  # only a post's last words close it
    folded = text[tail:].casefold()
    if not any(stem in folded for stem in _THANKS_STEMS):
        return None
    closing = _CLOSING_THANKS.search(text, tail)
    if closing is None or closing.start() == 0:
        return None
    rest = text[: closing.start()]
    return rest if _ASKS_FOR_HELP.search(rest) else None
