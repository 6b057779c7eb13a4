"""A seller's announcement of a discount ("up to 60% off", "hasta 40% de descuento", "giảm
đến 50%", "скидки до 70%"): its praise (🔥, "free shipping", "günstiger") is the seller's
pitch, not anyone's opinion of the seller, and people reading it call it neutral. The
scorer reads such a post's praise as nothing; a complaint about a discount still complains
("la promo del 50% era falsa")."""

from __future__ import annotations

import re

_PERCENT = re.compile(r"\d\s*[%٪]|[%٪]\s*[\d٠-٩۰-۹]|[\d٠-٩۰-۹]\s*٪")
"""A percentage, in Western, Arabic or Persian digits ("-40%", "%50", "٥٠٪")."""
_OFFER = re.compile(
    r"(?i)(?<!\w)(?:"
    r"off|sale|deals?|discount|promo\w*|voucher|coupon|"  # English, and borrowed everywhere
    r"rabatt\w*|reduziert|günstiger|sparen|"  # German
    r"descuentos?|rebajas?|ofertas?|"  # Spanish
    r"remises?|réductions?|reductions?|soldes|"  # French
    r"scont[oi]|saldi|offert[ae]|"  # Italian
    r"desconto|liquidação|liquidacao|"  # Portuguese
    r"скидк\w*|распродаж\w*|промокод\w*|"  # Russian
    r"diskon|potongan|indirim\w*|rabat\w*|korting|"  # Indonesian, Turkish, Polish, Dutch
    r"giảm|khuyến mãi|khuyen mai|"  # Vietnamese
    r"تخفیف|حراج|خصم|تخفيض\w*|عروض|"  # Persian, Arabic
    r"छूट|सेल|ऑफ़र|ऑफर"  # Hindi
    r")(?!\w)"
    r"|折|优惠|優惠|促销|促銷|满减|滿減|セール|割引|할인|ส่วนลด"  # written without spaces
)
"""Words that offer a discount, in the project's languages."""


def promotes(text: str) -> bool:
    """Whether ``text`` announces a discount: a percentage and a word that offers one."""
    return _PERCENT.search(text) is not None and _OFFER.search(text) is not None


_DRAW = re.compile(
    r"(?i)(?<!\w)(?:"
    r"give-?aways?|sweepstakes?|raffle|"  # English
    r"sorteos?|sorteios?|concours|tirage au sort|gewinnspiel\w*|verlos\w*|concorso|estrazione|"
    r"розыгрыш\w*|разыгр\w*|minigame|mini game|"  # Russian, Vietnamese
    r"قرعه[\s\u200c]?کشی|قرعة|سحب على|السحب|مسابقه|مسابقة|"  # Persian, Arabic
    r"çekiliş\w*|konkurs\w*|winactie|undian|pa-?raffle"  # Turkish, Polish, Dutch, id, tl
    r")(?!\w)|抽奖|抽獎|开奖|開獎|抽選|プレゼントキャンペーン|추첨|이벤트"
)
"""Words that announce a prize draw, in the project's languages."""
_TAKE_PART = re.compile(
    r"(?i)(?<!\w)(?:"
    r"follow\w*|tag\w*|rt(?!\s*@)|retweet|repost|subscribe|"  # not "like", "share"
    r"sigue|siga|seguir|segui|dale like|curt[ae]|comparte|compartilhe|marca|marque|menciona|"
    r"abonne\w*|partage\w*|identifie|folg\w*|markier\w*|teile?n?|kommentier\w*|metti like|"
    r"condividi|commenta|подпи\w*|отмет\w*|лайк\w*|репост\w*|"  # ru
    r"theo dõi|chia sẻ|bình luận|"  # vi
    r"و?(?:تابع\w*|متابعة|ريتويت|رتويت|لايك|منشن|شارك)|فالو|لایک|تگ|کامنت|"  # ar, fa
    r"like\s*[+&]|[+&]\s*(?:like|share)|"  # "Like + share + tag 3 người bạn"
    r"takip|beğen\w*|etiketle\w*|obserwuj|polub|oznacz|volg|deel|ikuti|bagikan|"
    r"karo|करें|करो"
    r")(?!\w)|转发|轉發|关注|關注|评论|評論|フォロー|リツイート|팔로우|공유"
)
"""An ask to follow, like, share, tag or comment: how a draw is entered."""


_WON = re.compile(
    r"(?i)(?<!\w)(?:i won|won the|gan[eé]|gewonnen|j'ai gagn[eé]|ganhei|ho vinto|выиграл\w*|"
    r"thắng|trúng|nanalo ako|جیتا|jeet gaya|kazandım|menang|wygrałem|wygrałam)(?!\w)"
    r"|我中了|中奖了|当選しました|당첨"
)
"""The writer's own win: "I won the giveaway!!" is praise, not an announcement."""


def gives_away(text: str) -> bool:
    """Whether ``text`` announces a prize draw and how to enter it ("GIVEAWAY 🎁 Follow + RT
    to win", "SORTEO: sigue la cuenta y menciona a 2 amigos", "转发+关注，抽3位送AirPods"):
    the prize and the 🎁 are the organiser's pitch, and people reading it call it neutral.
    It takes two ways of entering, each a word of everyday speech somewhere (German "Tag" is
    a day, French "marque" a brand, Spanish "sigue así" keep it up), and no winner's voice."""
    if _DRAW.search(text) is None or _WON.search(text):
        return False
    asks = {found.group().casefold() for found in _TAKE_PART.finditer(text)}
    return len(asks) >= 2
