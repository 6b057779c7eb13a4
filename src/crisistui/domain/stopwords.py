"""Words too common to say anything about a crisis, per language.

Written as people write them, and kept in the form words are counted in (``word_form``:
folded, except Vietnamese, whose tone marks tell words apart). Short on purpose: words
of one or two letters are dropped anyway, and an odd common word in the top terms is harmless.
A mention drops the stop words of its own language and English's (posts in every language mix
English in); one of unknown language drops those of every language listed, so a German "die"
or "war" is left out of German posts and kept in English ones.
"""

from __future__ import annotations

from crisistui.domain.text import fold, word_form

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

PORTUGUESE = """
ao aos as com como da das de dela dele do dos ela ele eles em entre era essa esse esta este eu
foi ha isso isto ja la mais mas me meu minha muito na nao nas nem no nos num numa o os ou para
pela pelo por porque pra pro que quem se sem ser seu sua sao ta tem ter tb tambem to uma um voce
voces vc vcs
"""

ITALIAN = """
al alla alle anche che chi ci come con cosa da dal dalla dei del della delle di dove e gli ha
hanno ho il in io la le lei lo loro lui ma mi mia mio nei nel nella noi non per perche piu poi
quando quella quello questa questo se si sono su sua suo tra tu tutto un una uno voi gia cosi
"""

DUTCH = """
aan als bij dan dat de deze die dit door een en er had heb hebben heeft het hij hoe ik in is
je kan maar me met mij mijn na naar niet nog nu of om omdat ons ook op over te tot u uit van
veel voor was wat we wel wie wij zal ze zei zij zijn zo zou
"""

INDONESIAN = """
ada adalah aja aku akan atau bagi bahwa banget belum bisa buat dan dari dengan di dia gak
ini itu jadi juga kalau kami kamu kan karena ke kita lagi lah mau mereka nya pada saja saya
sama sudah tapi tidak udah untuk yang ya
"""

TAGALOG = """
ako ang at ay ba din dito e eh ito iyan iyon ka kami kasi kay kayo ko kung lang mga mo na naman
namin nang natin ng ni nila nyo pa pag para po rin sa sila siya tayo yan yung yun na naman lahat
hindi may daw raw niyo ninyo nya niya wala walang meron mas pero tapos sobra sobrang talaga ung
nga sana kahit ngayon dun doon diyan dyan kayong akong ikaw
"""
"""Tagalog's common words, written and as posts spell them (nyo, ung, dun)."""

POLISH = """
ale bo by byc byl byla co czy dla do go i ich im jak jako jest jej juz ma mi mnie na nad nie
niz no od on ona oni po pod przez sa sie ta tak tam te tego tej ten to tu tylko tym w we z za
ze zeby
"""

TURKISH = """
ama bana ben beni bir biz bu bunu da daha de diye en gibi hem hep her icin ile ise kadar ki mi
mu ne o olan olarak ona onu sen siz su ve veya ya çok şey bile artık hala sadece zaten şimdi
"""

HINDI = """
है हैं था थी थे हो का की के को में से पर और भी तो ही नहीं नही यह ये वह वो इस उस एक कर करना किया
गया गई रहा रही रहे हुआ हुई बहुत कुछ कोई सब क्या क्यों जो जब तक अब लिए साथ बाद मैं मुझे मेरा मेरी
हम आप आपका आपकी उनका उसका इसका
hai hain tha thi the hota ka ki ke ko mein par aur bhi toh hi nahi nahin nhi yeh woh vo kar
karna kiya gaya gayi raha rahi rahe hua hui bahut bohot bahot bht kuch koi sab kya kyu kyun jab
tak abhi liye sath saath baad mai mujhe mera meri hum aap apka apki aapka aapki yaar bhai
"""
"""Hindi as it is written in Devanagari and as it is typed in Latin letters."""

ARABIC = """
في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي اللي ما لا لم لن أن ان إن كان كانت يكون هو هي
هم انا أنا انت أنت نحن كل قد او أو ثم بعد قبل عند غير بين حتى يا ايه يعني جدا كده بس
"""

PERSIAN = """
این آن که را با از به در برای است هست بود شد می ها های یک هم تا اما یا اگر چه چرا من ما شما او
آنها خیلی همه هیچ نه روی کرد کرده کردن شده باید دیگر هر چی رو
دیگه واقعا واقعاً امروز الان هنوز فقط اون اینو اونو اینا اونا یه چون ولی باز بعد قبل وقتی همین
همون چطور کی کجا چیه خودم خودش مثل بیشتر دارم داره داریم دارن هستم هستیم هستن بودم کنم کنه کنید
کردم میشه نمیشه
"""
"""Persian's common words, written and as spoken in posts (دیگه, واقعا, اینو)."""

KOREAN = """
진짜 너무 정말 그냥 이거 그거 저거 이건 그건 우리 제가 저는 나는 내가 오늘 이제 근데 그런데 그리고
그래서 하고 있는 있어요 없어요 같아요 했어요 합니다 입니다 있습니다 없습니다 하는 그 이 저 좀 더
또 다 왜 뭐 아니 완전 계속 다시 지금 이번
"""
"""Korean's common words: its words are kept from two syllables up (``domain.words``), where
most of its everyday ones are."""

RUSSIAN = """
а без бы был была были было в вам вас весь во вот все всё вы где да даже для до его её ее ей
если есть еще ещё же за и из или им их к как когда кто ли мне мы на над нас не нет ни них но
ну о об он она они оно от по под при с со так также там то тоже только у уже чем что это
эта этот этой этого этом эти этих я меня мой моя мои тебя ты вы ваш ваша будет был буду
"""

VIETNAMESE = """
anh bị các cái cho chị có của cũng đã đang để đó được em gì hay khi không là lại lên mà mình
này nào nên nữa những nhưng ở quá ra rằng rất rồi sẽ tôi thì trong từ và vì với vẫn vậy về
một người bạn họ chúng ta ơi nhé nha ạ luôn đi thôi chứ hả như thế ấy đây còn đến theo lúc
ai nhiều hơn sao nếu ngay
"""

CHINESE = """
我们 你们 他们 她们 它们 咱们 这个 那个 这些 那些 这家 那家 这样 那样 这么 那么 这里 那里 什么
怎么 怎样 为什么 因为 所以 但是 可是 不过 然后 还是 就是 不是 也是 都是 已经 一个 一下 一些 一样
没有 可以 现在 自己 大家 真的 还有 如果 而且 或者 觉得 知道 时候 的话 这次 那次 这种 那种 有点
我們 你們 他們 這個 這些 這家 這樣 這麼 這裡 這裏 那裡 什麼 怎麼 為什麼 因為 還是 已經 一樣 沒有
現在 還有 覺得 時候 這次 這種 有點 今天 昨天 明天 根本 其实 其實 居然 竟然 终于 終於 只是 而已
"""

BY_LANGUAGE: dict[str, frozenset[str]] = {
    code: frozenset(word_form(word, code) for word in block.split())
    for code, block in (
        ("en", ENGLISH), ("fr", FRENCH), ("es", SPANISH), ("de", GERMAN), ("pt", PORTUGUESE),
        ("it", ITALIAN), ("nl", DUTCH), ("id", INDONESIAN), ("tl", TAGALOG), ("pl", POLISH),
        ("tr", TURKISH), ("ru", RUSSIAN), ("vi", VIETNAMESE), ("hi", HINDI), ("ar", ARABIC),
        ("fa", PERSIAN), ("ko", KOREAN), ("zh", CHINESE),
    )
}  # fmt: skip
"""ISO 639-1 code → its stop words, in the form its words are counted in (``word_form``)."""

STOPWORDS: frozenset[str] = (
    frozenset()
    .union(*BY_LANGUAGE.values())
    .union(fold(word) for words in BY_LANGUAGE.values() for word in words)
)
"""Every language's stop words together (for text of unknown language, which is folded:
so Vietnamese's and Russian's are there folded too)."""


_WITH_ENGLISH = {code: words | BY_LANGUAGE["en"] for code, words in BY_LANGUAGE.items()}


def stopwords_for(lang: str | None) -> frozenset[str]:
    """The stop words a mention in ``lang`` drops: its language's and English's; every
    listed language's when it is unknown or has no list of its own."""
    return _WITH_ENGLISH.get(lang or "", STOPWORDS)
