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
