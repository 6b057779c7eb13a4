"""Words too common to say anything about a crisis, per language.

Folded (lowercase, no accents) like the text they are compared with. Short on purpose: words
of one or two letters are dropped anyway, and an odd common word in the top terms is harmless.
A mention drops the stop words of its own language and English's (posts in every language mix
English in); one of unknown language drops those of every language listed, so a German "die"
or "war" is left out of German posts and kept in English ones.
"""

from __future__ import annotations

ENGLISH = """
about above after again against all also am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't
doing don't down during each even ever every few for from further get got had hadn't has
hasn't have haven't having he her here hers herself him himself his how i'd i'll i'm i've if
in into is isn't it it's its itself just let's like me more most much must my myself no nor
not now of off on once one only or other our ours ourselves out over own really same she
should shouldn't so some still such than that that's the their theirs them themselves then
there there's these they they're this those through to too under until up very was wasn't we
we're were weren't what what's when where which while who why will with won't would wouldn't
yet you you're your yours yourself today again anyone everyone thing things way rt amp via
"""

FRENCH = """
alors au aucun aussi autre aux avec avoir bon car ce cela ces cet cette ceux chaque ci comme
comment dans des donc dont du elle elles en encore est et etait etre eu fait faire fois ici il
ils je juste la le les leur leurs lui mais me meme mes moi mon ne ni nos notre nous on ont ou
par parce pas peu peut plus pour pourquoi qu quand que quel quelle qui sa sans se ses si son
sont sous sur ta te tes toi ton tous tout tres tu un une vos votre vous deja ete cest jai
"""

SPANISH = """
al algo ante antes como con contra cual cuando de del desde donde dos el ella ellas ellos en
entre era es esa ese eso esta estaba estan estar este esto estos fue ha hay hace la las le les
lo los mas me mi mis mucho muy nada ni no nos nosotros o otra otro para pero poco por porque
que quien se sea ser si sin sobre son su sus tambien te tiene todo todos tu tus un una uno unos
ya yo
"""

GERMAN = """
aber alle allem als also am an auch auf aus bei bin bis bist da damit dann das dass dem den
der des dich die dir doch dort du durch ein eine einem einen einer es etwas fur hab habe haben
hat hatte ich ihr im in ist ja jetzt kann kein keine mal man mein meine mich mir mit nach nicht
noch nun nur ob oder ohne schon sehr sein seine sich sie sind so uber um und uns unser vom von
vor war waren was weil wenn wer wie wieder wir wird wo zu zum zur
"""

BY_LANGUAGE: dict[str, frozenset[str]] = {
    code: frozenset(block.split())
    for code, block in (("en", ENGLISH), ("fr", FRENCH), ("es", SPANISH), ("de", GERMAN))
}
"""ISO 639-1 code → its stop words."""

STOPWORDS: frozenset[str] = frozenset().union(*BY_LANGUAGE.values())
"""Every language's stop words together (for text of unknown language)."""


_WITH_ENGLISH = {code: words | BY_LANGUAGE["en"] for code, words in BY_LANGUAGE.items()}


def stopwords_for(lang: str | None) -> frozenset[str]:
    """The stop words a mention in ``lang`` drops: its language's and English's; every
    listed language's when it is unknown or has no list of its own."""
    return _WITH_ENGLISH.get(lang or "", STOPWORDS)
