"""A price met with a doubled question: "18€ pour ça ??", "tamatar 120 rs kilo??", "огурцы 349
за кг. это вообще нормально??", "89 reais de conta se meu plano é de 49??". No word of
sentiment, and the writer's indignation: of the 8 such posts in the labelled sets at hand,
all are complaints, and none is among 17,000 real tweets. A price asked about once ("a good
laptop under $600?") or a doubled question without one ("who's going to Ed Sheeran??") is
no complaint, which is why both are needed.
"""

from __future__ import annotations

import re

_AMOUNT = re.compile(
    r"(?i)(?:[$€£₹¥₱₽₫]|R\$|rs\.?|руб\.?|تومان|تومن|ريال|جنيه)\s?\d"
    r"|\d[\d.,]*\s?(?:[$€£₹¥₱₽₫]|rs|руб\w*|тыс\w*|k|tr|nghìn|ngàn|đ|dh|円|元|块|塊|"
    r"reais|euros?|pesos?|rupees?|rupiya|dollars?|bucks|تومان|تومن|هزار|ریال|ريال|جنيه|"
    r"درهم|روپے|रुपये|रु|kalt|warm|(?:za|за|al|per|le|a|o|ng)\s?(?:kg|kilo|кг|litro|litre))"
    r"(?!\w)"
)
"""A sum of money, by its currency or a price per kilo or litre."""
_DOUBLED = re.compile(r"[?؟？][?؟？!]|![?؟？]")
""""??", "?!", "!?": a question asked in disbelief."""
_REACH = 80
"""How far after the sum the doubled question is looked for."""


def price_outrage(text: str) -> bool:
    """Whether ``text`` names a sum of money and, soon after, asks in disbelief."""
    if _DOUBLED.search(text) is None:
        return False
    for amount in _AMOUNT.finditer(text):
        if _DOUBLED.search(text, amount.end(), amount.end() + _REACH) is not None:
            return True
    return False
