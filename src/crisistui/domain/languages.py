"""Language tags as sources write them ("en-US", "zh-Hant", "fil", "arz") → ISO 639-1.

Everything the store, the filter and the analysers see is a two-letter ISO 639-1 code where
the language has one, so "Arabic" is one group however py3langid or a source spells it.
Languages without a two-letter code keep their ISO 639-3 code. `language_name` gives the
English name people read in the console and the reports.
"""

from __future__ import annotations

import re

# fmt: off
_TO_ISO1: dict[str, str] = {
    # regional varieties and macrolanguage members py3langid and sources report
    "arb": "ar", "arz": "ar", "ary": "ar", "apc": "ar", "ajp": "ar", "acm": "ar", "afb": "ar",
    "aeb": "ar", "ars": "ar", "apd": "ar", "acq": "ar", "ayl": "ar",
    "cmn": "zh", "yue": "zh", "wuu": "zh", "lzh": "zh", "hak": "zh", "nan": "zh", "gan": "zh",
    "hsn": "zh", "cjy": "zh", "cdo": "zh", "zho": "zh", "chi": "zh",
    "fil": "tl", "tgl": "tl", "pes": "fa", "prs": "fa", "fas": "fa", "per": "fa",
    "zsm": "ms", "msa": "ms", "may": "ms", "ind": "id", "uzs": "uz", "uzn": "uz", "gug": "gn",
    "hbo": "he", "heb": "he", "grc": "el", "ell": "el", "gre": "el", "nob": "nb", "nno": "nn",
    "ekk": "et", "lvs": "lv", "khk": "mn", "swh": "sw", "azj": "az", "azb": "az", "pbt": "ps",
    "pnb": "pa", "npi": "ne", "ory": "or", "plt": "mg", "quz": "qu", "ydd": "yi", "sdh": "ku",
    "ckb": "ku", "kmr": "ku",
    # withdrawn two-letter codes still seen in the wild
    "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "sh": "sr",
    # ISO 639-2 codes of the languages people mostly write
    "eng": "en", "spa": "es", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "por": "pt",
    "ita": "it", "nld": "nl", "dut": "nl", "rus": "ru", "ukr": "uk", "pol": "pl", "tur": "tr",
    "ara": "ar", "hin": "hi", "urd": "ur", "ben": "bn", "jpn": "ja", "kor": "ko", "tha": "th",
    "vie": "vi", "swe": "sv", "nor": "no", "dan": "da", "fin": "fi", "ces": "cs", "cze": "cs",
    "ron": "ro", "rum": "ro", "hun": "hu", "bul": "bg", "hrv": "hr", "srp": "sr",
    "slk": "sk", "slo": "sk", "slv": "sl", "cat": "ca", "eus": "eu", "baq": "eu", "glg": "gl",
    "tam": "ta", "tel": "te", "mar": "mr", "guj": "gu", "kan": "kn", "mal": "ml", "pan": "pa",
    "swa": "sw", "amh": "am", "khm": "km", "mya": "my", "bur": "my", "sin": "si", "nep": "ne",
    "kaz": "kk", "uzb": "uz", "aze": "az", "kat": "ka", "geo": "ka", "hye": "hy", "arm": "hy",
}
# fmt: on
_NOT_A_LANGUAGE = frozenset({"und", "mul", "zxx", "mis", "xx", "un", "none", "null", "unknown"})
_TAG = re.compile(r"^[a-z]{2,3}$")
_TWO_LETTER_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
    hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky
    la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny
    oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss
    st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo
    za zh zu
"""
ISO_639_1 = frozenset(_TWO_LETTER_CODES.split())
"""Every two-letter code ISO 639-1 assigns: a source's "zz" or "qq" names no language."""


def iso_code(tag: str) -> str | None:
    """The ISO 639-1 code a language tag names (its first subtag decides: "pt-BR" → "pt",
    "zh-Hant-TW" → "zh", "fil" → "tl"), or None when the tag names no language."""
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    if primary in _NOT_A_LANGUAGE or not _TAG.match(primary):
        return None
    code = _TO_ISO1.get(primary, primary)
    if len(code) == 2 and code not in ISO_639_1:
        return None
    return None if "qaa" <= code <= "qtz" else code  # reserved for local use (Twitter's "qme")


# fmt: off
NAMES: dict[str, str] = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian",
    "bg": "Bulgarian", "bn": "Bengali", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "gu": "Gujarati",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese",
    "jv": "Javanese", "ka": "Georgian", "kk": "Kazakh", "km": "Khmer", "kn": "Kannada",
    "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish",
    "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian", "mg": "Malagasy", "mk": "Macedonian",
    "ml": "Malayalam", "mn": "Mongolian", "mr": "Marathi", "ms": "Malay", "mt": "Maltese",
    "my": "Burmese", "nb": "Norwegian", "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian",
    "no": "Norwegian", "or": "Odia", "pa": "Punjabi", "pl": "Polish", "ps": "Pashto",
    "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "rw": "Kinyarwanda",
    "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian", "so": "Somali", "sq": "Albanian",
    "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "tg": "Tajik", "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar",
    "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese",
    "xh": "Xhosa", "yi": "Yiddish", "yo": "Yoruba", "zh": "Chinese", "zu": "Zulu",
    "as": "Assamese", "ba": "Bashkir", "br": "Breton", "dz": "Dzongkha", "fo": "Faroese",
    "fy": "Frisian", "gd": "Scottish Gaelic", "gn": "Guarani", "ha": "Hausa", "ig": "Igbo",
    "lg": "Ganda", "ln": "Lingala", "oc": "Occitan", "om": "Oromo", "sa": "Sanskrit",
    "sd": "Sindhi", "se": "Northern Sami", "sn": "Shona", "st": "Sotho", "tk": "Turkmen",
    "ceb": "Cebuano", "fil": "Filipino", "ckb": "Central Kurdish", "nso": "Northern Sotho",
    "pcm": "Nigerian Pidgin", "kab": "Kabyle",
}
# fmt: on


def language_name(code: str | None) -> str:
    """The English name of a language code, the code itself when unknown, "unknown
    language" for none."""
    if not code:
        return "unknown language"
    return NAMES.get(code, code)
