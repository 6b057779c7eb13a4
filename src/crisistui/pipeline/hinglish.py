"""Romanised Hindi ("Hinglish") told apart from English and its Latin-script look-alikes.

Most Hindi on social media is typed in Latin letters and mixed with English ("yeh service
bahut bekar hai", "kya bakwaas hai"). py3langid learnt its languages from edited text and
takes it for English, Javanese, Shona or Somali, so the Hindi lexicon never sees it. Hindi's
function words are few and in every sentence, and most of them are no word of English; a
handful (ke, ko, se, na, mai, ho…) are also words of Indonesian, Tagalog, Italian or
Spanish, so they count for half, and the look-alikes' own function words count against.
"""

from __future__ import annotations

import re

# fmt: off
STRONG = frozenset((
    # to be, negation, questions
    "hai", "hain", "hoon", "tha", "thi", "thay", "hoga", "hogi", "honge", "hota", "hoti", "hote",
    "hua", "hui", "hue", "nahi", "nahin", "nhi", "nahee", "nahii", "mat", "kya", "kyaa", "kyu",
    "kyun", "kyon", "kyunki", "kyuki", "kyonki", "kaise", "kaisa", "kaisi", "kaun", "kahan",
    "kidhar", "kahin", "kaha", "kab", "kitna", "kitni", "kitne",
    # pronouns and possessives
    "yeh", "woh", "vo", "mera", "meri", "mere", "tera", "teri", "tere", "tumhara", "tumhari",
    "tumhare", "tum", "tumhe", "tumko", "aap", "aapka", "aapki", "aapke", "apka", "apki", "apke",
    "apna", "apni", "apne", "hamara", "hamari", "hamare", "humara", "humari", "humare", "mujhe",
    "mujhko", "muje", "mko", "tujhe", "usko", "unko", "uska", "uski", "uske", "unka", "unki",
    "unke", "iska", "iski", "iske", "isko", "inko", "unhe", "inhe", "humko", "hume", "hamein",
    # conjunctions, particles, adverbs
    "aur", "bhi", "lekin", "magar", "toh", "phir", "abhi", "kabhi", "sabhi", "kuch", "kuchh",
    "koi", "yahan", "wahan", "idhar", "udhar", "jaise", "jaisa", "waisa", "aisa", "aise", "aisi",
    "itna", "itni", "itne", "bahut", "bohot", "bahot", "bhot", "bht", "boht", "bohut", "bilkul",
    "zyada", "jyada", "sabse", "sirf", "pehle", "baad", "saath", "sath", "matlab", "yaar", "yrr",
    "arre", "arey", "abey", "bhai", "bhaiya", "haan", "accha", "acha", "achha", "achcha", "theek",
    "thik", "ekdum", "shayad", "waise", "isliye", "warna", "varna", "wahi", "yahi", "aaj", "kal",
    "parso", "raat", "subah", "saal",
    # verbs
    "raha", "rahi", "rahe", "rha", "rhi", "rhe", "gaya", "gayi", "gaye", "gya", "gyi", "gye",
    "karo", "karna", "karne", "karke", "karta", "karti", "karte", "kiya", "kiye", "diya", "diye",
    "liya", "liye", "lagta", "lagti", "lagte", "laga", "chahiye", "chaiye", "sakta", "sakti",
    "sakte", "milega", "milegi", "mila", "mili", "dekho", "dekha", "dekhna", "suno", "bolo",
    "batao", "bataya", "samajh", "jao", "jaa", "jata", "jati", "jate", "aaya", "aayi", "aaye",
    "aata", "aati", "wali", "wale", "waala", "waali", "waale",
    # everyday nouns and judgements that English lacks
    "ghotala", "ghotale", "ghotalebaaz", "besharm", "besharmi", "sharam", "dhokhebaaz",
    "chhupaya", "chupaya", "wapas", "waapas", "mangwa", "bhejo",
    "paisa", "paise", "paiso", "logon", "logo", "ghar", "kaam", "zindagi", "sarkar", "desh",
    "bakwas", "bakwaas", "bekar", "bekaar", "ghatiya", "kharab", "kharaab", "bura", "buri",
    "badhiya", "badiya", "shandaar", "shandar", "mast", "dhoka", "dhokha", "chor", "chutiya",
    "pagal", "bewakoof", "sahi", "galat", "pyaar", "pyar", "shukriya", "dhanyavad", "dhanyawad",
    "faltu", "barbaad", "barbad", "jaldi",
    # everyday words of posts about life, people and the country
    "sach", "baat", "baatein", "duniya", "pyaara", "dost", "dosti", "bhagwan", "yaad", "ladki",
    "ladka", "ladke", "aadmi", "bachche", "bacche", "maa", "baap", "bete", "beti", "shaadi",
    "khana", "paani", "gaon", "sheher", "padhai", "naukri", "bolna", "bolte", "bolta", "bolti",
    "kehna", "kehte", "kehta", "dekh", "dekhte", "dekhta", "chahta", "chahti", "chahte", "jaana",
    "aana", "khel", "khelna", "rehna", "raho", "rakho", "dena", "milna", "milte", "milta", "sabko",
    "sabka", "sabki", "kisi", "kisko", "kiska", "hamesha", "tabhi", "jabki", "isse", "usse",
    "unse", "inse", "humse", "tumse", "aapse", "mujhse", "tujhse", "unhone", "tumne", "aapne",
    "usne", "humne", "inhone", "kisne", "hoke", "hokar", "leke", "deke", "jaake", "aake", "thoda",
    "thodi", "sachme", "nafrat", "intezaar", "bhool", "galti", "waah", "pyara", "bharat",
    "hindustan", "deshbhakt", "sarkaar", "janta", "kisan", "gareeb", "ameer", "chalo", "chal",
    "chalte", "khush", "dukh", "gussa", "jhooth", "maaf", "jaan",
    # the vowel-less and abbreviated spellings of timelines, and more everyday forms
    "kro", "krna", "krne", "krke", "krta", "krti", "krte", "krenge", "mene", "hogya", "hogaya",
    "bhut", "bohat", "bhaut", "kch", "mjhe", "mujh", "smjh", "samjh", "samjhe", "samjha",
    "samjho", "lgta", "lgi", "mtlb", "chahie", "chaahiye", "achi", "achhi", "acchi", "achhe",
    "acche", "karenge", "karega", "karegi", "karunga", "karungi", "karoge", "karein", "jayega",
    "jaayega", "jaega", "jayegi", "jaenge", "jayenge", "dekhiye", "dijiye", "kijiye", "lijiye",
    "chaliye", "dekhe", "kese", "yaha", "waha", "yha", "humein", "aapko", "apko", "jisko",
    "jiska", "jiski", "jiske", "jisne", "jinhone", "khud", "zaroor", "zarur", "jarur", "jaroor",
    "bhaiyo", "bhaiyon", "behen", "behan", "jindagi", "zindgi", "jindgi", "dimag", "dimaag",
    "baate", "baaten", "saala", "nayi", "naye", "purani", "purane",
))
"""Words of romanised Hindi that are no everyday word of English, Indonesian, Malay, Tagalog
or the Romance languages."""

WEAK = frozenset((
    "ke", "ki", "ko", "se", "me", "mein", "mai", "main", "na", "ho", "jo", "par", "pe", "sab",
    "hum", "ye", "wo", "kar", "kon", "ji", "ab", "ek", "tu", "kam", "han", "ya", "din", "log",
    "bas", "tab", "jab", "hun", "tho", "fir", "kari", "bola", "boli", "pata", "agar", "dil", "yar",
    "nai", "ka", "le", "de", "tak", "sun", "beta", "chai", "pani", "jana", "mil", "jee", "neta",
    "aurat", "bol", "lena", "maine", "zara", "jara", "pura", "wah", "jai", "oye",
    # abbreviations that are also abbreviations or words elsewhere ("h" for hai, "kr" for kar,
    # "yr" for yaar but also year, "hu" for hoon but a Malay and Chinese word)
    "h", "kr", "pta", "yr", "hu", "kia", "lga", "purana",
))
"""Hindi function words that are also words elsewhere (Indonesian "ke", Tagalog "ko", "na",
Italian "mai", "ho", English "main", "me"): half a word of evidence each."""

LOOK_ALIKES = frozenset((
    # Indonesian and Malay
    "yang", "dan", "di", "ini", "itu", "tidak", "dengan", "untuk", "dari", "ada", "aku", "saya",
    "kamu", "kita", "mereka", "sudah", "udah", "belum", "bisa", "akan", "juga", "sangat", "banget",
    "gak", "nggak", "ga", "tapi", "karena", "atau", "lagi", "sama", "mau", "apa", "kalau", "kalo",
    "saja", "aja", "dong", "sih", "nya", "lah", "boleh", "nak", "dah", "kan", "pun", "ni", "sy",
    "yg", "dgn", "utk", "tdk", "jg", "gue", "sila", "anda", "atas", "kat",
    "terima", "kasih", "kepada", "kerana", "sahaja",
    # Tagalog
    "ang", "ng", "mga", "sa", "ay", "ako", "ikaw", "siya", "kami", "tayo", "namin", "natin",
    "nila", "niya", "mo", "po", "opo", "hindi", "wala", "may", "yung", "ito", "yan", "dito",
    "lang", "rin", "naman", "talaga", "sobra", "sobrang", "grabe", "pero", "kasi", "kung", "para",
    "nang", "pa", "ba", "daw", "raw", "nga", "ano", "bakit", "paano", "saan",
    # Italian, Spanish, Portuguese, French
    "che", "non", "il", "la", "di", "per", "un", "una", "sono", "mi", "ti", "si", "lo", "gli",
    "del", "della", "ma", "come", "anche", "questo", "questa", "sei", "que", "el", "los", "las",
    "es", "en", "y", "no", "por", "con", "muy", "pero", "um", "uma", "nao", "com", "muito", "voce",
    "eu", "les", "des", "est", "et", "pas", "je", "pour",
    # Vietnamese typed without accents
    "khong", "toi", "cua", "va", "nay", "duoc", "rat", "nhung", "mot", "nguoi", "roi", "chua",
))
"""Frequent function words of the languages romanised Hindi is mistaken for, or mistaken
as: each counts against Hindi."""
# fmt: on

MIN_EVIDENCE = 2.0
"""Two Hindi words at least ("kya bakwaas hai"), or one and two shared ones."""
MIN_SHARE = 0.15
"""Of all words: a long English post with one "yaar" stays English."""
_ACCENTED = re.compile("[à-ɏ]")
"""Romanised Hindi is typed without diacritics; Vietnamese and Romance text has them."""


def evidence(words: list[str]) -> float:
    """How strongly ``words`` (lower-case) read as romanised Hindi: Hindi words, shared words
    at half weight, less the look-alikes' words; 0 when there is none."""
    if STRONG.isdisjoint(words) and WEAK.isdisjoint(words):  # the usual answer, found in C
        return 0.0
    strong = weak = against = 0
    for word in words:
        if word in STRONG:
            strong += 1
        elif word in WEAK:
            weak += 1
        elif word in LOOK_ALIKES:
            against += 1
    return strong + weak / 2 - against


def is_hinglish(text: str, words: list[str]) -> bool:
    """Whether ``text``, whose lower-case Latin words are ``words``, is romanised Hindi."""
    score = evidence(words)
    return score >= MIN_EVIDENCE and score >= MIN_SHARE * len(words) and not _ACCENTED.search(text)


MISTAKEN_FOR = frozenset(
    (
        "jv",
        "su",
        "sn",
        "so",
        "ha",
        "st",
        "om",
        "ht",
        "sw",
        "gd",
        "mg",
        "rw",
        "xh",
        "zu",
        "ig",
        "yo",
        "ny",
        "et",
        "mt",
        "cy",
        "ga",
        "eu",
        "br",
        "oc",
        "lb",
        "af",
        "fy",
        "sq",
        "uz",
        "ku",
    )
)
"""What py3langid says of short romanised Hindi most often: languages of Africa and the
fringes of Europe whose spelling it shares, which few brands' mentions are written in."""


def mistaken_for(code: str | None, text: str, words: list[str]) -> bool:
    """Whether py3langid's ``code`` for a Latin ``text`` is more likely romanised Hindi: one
    Hindi word is enough when the guess is a language Hindi is often taken for, and the text
    is typed without diacritics ("dá de 10 a 0 na …" is Portuguese, whatever "de" and "na"
    are in Hindi)."""
    return code in MISTAKEN_FOR and evidence(words) >= 1 and not _ACCENTED.search(text)
