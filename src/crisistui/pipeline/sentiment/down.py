"""Asking whether a service is down: "¿Se cayó WhatsApp o solo me pasa a mí?", "Ist WhatsApp
gerade down oder liegt das an mir?", "У кого-нибудь Телеграм не грузит сегодня?", "Cho mình
hỏi app Momo hôm nay có bị lỗi không?". People reading such a question call it neutral, and
VADER reads the English one so ("Is Spotify down for anyone else?"); the lexicons read the
other languages' "se cayó", "down", "не грузит" as complaints. The question still counts in a
storm's volume and its outage terms, which are matched apart from sentiment.

A post asks so when it is one sentence, a question asked once, whose asking clause holds the
words of trouble, with no "again" and no "why" ("¿otra vez se cayó?", "why is it down?" still
complain), and whose other words read as no complaint.
"""

from __future__ import annotations

import re

from crisistui.pipeline.sentiment.questions import ASKING, SENTENCE_END
from crisistui.pipeline.sentiment.stuck import kept_waiting, lasting

MAX_QUESTION_CHARS = 280
"""Longer, a post is more than a question whether a service is down."""

_TROUBLE = re.compile(
    r"(?i)(?<!\w)(?:"
    r"down|not working|not loading|offline|outages?|no internet|no signal|no service|"  # en
    r"caída|sin internet|sin señal|sin servicio|queda|sem internet|sem sinal|"  # es, pt
    r"panne|coupure|sans internet|pas de réseau|störung|ausfall|kein internet|kein netz|"
    r"guasto|interruzione|senza internet|без интернета|нет интернета|нет связи|"
    r"mất mạng|rớt mạng|walang internet|walang signal|انقطاع|قطعی|断网|没网|"
    r"se cayó|se cayo|se cae|está caído|esta caido|caído|caido|no funciona|no carga|falla|"
    r"caiu|fora do ar|não funciona|nao funciona|não está funcionando|bugou|travou|instável|"
    r"bug|bugue|beugue|en panne|marche pas|ne marche plus|fonctionne pas|"  # French
    r"gestört|funktioniert nicht|geht nicht|spinnt|"  # German
    r"giù|giu|non funziona|non va|in tilt|"  # Italian
    r"не работает|не грузит\w*|не открывается|лежит|упал|сбой|глючит|"  # Russian
    r"bị lỗi|bi loi|lỗi|sập|không vào được|ko vào được|"  # Vietnamese
    r"ayaw gumana|ayaw mag-?load|may problema|"  # Tagalog
    r"nahi chal raha|kaam nahi kar raha|"  # Hindi, romanised
    r"قطعه|قطع شده|وصل نمی[\s\u200c]?شه|باز نمی[\s\u200c]?شه|کار نمی[\s\u200c]?کنه|"  # Persian
    r"مشكلة|عطل|واقع|مش شغال|فاصل|"  # Arabic
    r"çöktü|çalışmıyor|error|eror|gangguan|nie działa|werkt niet|ligt eruit"
    r")(?!\w)|崩了|挂了|打不开|登不上|用不了"
)
"""Words of a service's trouble, as a question asks about them."""
_JUST_ME = re.compile(
    r"(?i)(?<!\w)(?:"
    r"(?:(?:or|o|ou|oder|или|hay|o baka|ya|یا|ولا)\s+)?(?:"
    r"just me|only me|for anyone(?: else)?|for everyone|anyone else|"
    r"solo (?:me pasa )?a mí|solo a mi|solo yo|é só comigo|só comigo|só eu|"
    r"c'est moi|c'est juste (?:moi|ma box|chez moi)|chez vous aussi|liegt das an mir|"
    r"nur bei mir|bei euch auch|auch bei euch|solo a me|alguém mais|mais alguém|"
    r"только у меня|у всех|у кого-нибудь|у кого-то ещё|"
    r"mỗi mình|mọi người|ako lang|sa inyo rin|sirf mere|sirf mera|"
    r"فقط من|فقط مال من|أنا بس|انا بس|حد عنده)"
    r")(?!\w)"
)
"""Asking whether others have the trouble too: no complaint of its own."""
_AGAIN = re.compile(
    r"(?i)(?<!\w)(?:again|otra vez|de nuevo|de novo|outra vez|encore|schon wieder|wieder|"
    r"ancora|di nuovo|опять|снова|lại|na naman|nanaman|phir se|phirse|دوباره|باز هم|تاني|"
    r"tekrar|lagi|znowu|weer)(?!\w)|又"
)
"""A repeat: "is it down again?" belongs to a storm."""
_COMPLAINS = re.compile(
    r"(?i)(?<!\w)(?:why|how long|how come|how is it possible|"
    r"por qu[eé]|porqu[eé]|hasta cu[aá]ndo|c[oó]mo es posible|at[eé] quando|quanto tempo|"
    r"combien de temps|pourquoi|comment c'est possible|"
    r"warum|wieso|wie lange|wie kann es sein|perch[eé]|fino a quando|quanto ancora|почему|зачем|"
    r"сколько можно|сколько ещё|bao lâu|tại sao|sao lại|bakit|gaano katagal|kyun|kyon|kab tak|"
    r"چرا|تا کی|لماذا|ليش|ليه|لحد امتى|neden|ne zaman|dlaczego|jak długo|waarom|hoe lang)(?!\w)"
    r"|为什么|為什麼|多久|要到什么时候"
)
"""A why or a how long: a complaint asked ("¿Por qué no funciona la app?", "Wie lange soll die
App noch down sein?")."""
_SENTENCE_END = re.compile("[" + re.escape("".join(sorted(SENTENCE_END - ASKING))) + "\n]")
_CLAUSE_BREAK = re.compile(r"[,;:，、،]")


def asks_if_down(text: str) -> str | None:
    """The rest of ``text`` without its words of trouble and of "or is it just me", when it
    is one question asking whether a service is down; else None."""
    body = text.strip()
    if not body or len(body) > MAX_QUESTION_CHARS or "!" in body:
        return None
    if body[-1] not in ASKING or body[-2:-1] in ASKING:
        return None
    question = body[:-1]
    if any(mark in question for mark in ASKING) or _SENTENCE_END.search(question):
        return None  # more than one sentence: "Down ba ang Globe? Walang signal dito"
    asking = _CLAUSE_BREAK.split(question)[-1]
    if _TROUBLE.search(asking) is None or _AGAIN.search(body) or _COMPLAINS.search(body):
        return None  # said before the question ("No carga, ¿alguien sabe?"), again, or why
    if kept_waiting(body) or lasting(body):
        return None  # down for how long: "¿Lleva 3 horas caído WhatsApp?"
    return _JUST_ME.sub(" ", _TROUBLE.sub(" ", body))
