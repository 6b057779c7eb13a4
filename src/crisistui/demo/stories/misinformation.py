"""The misinformation story: a fake "leaked memo" says Acme Air will charge by body weight."""

from __future__ import annotations

from crisistui.demo.story import ONSET, Story, arc, shape

COMPLAINTS = (
    "{b} is going to WEIGH passengers at the gate and charge by body weight?! If this rumour is "
    "true I'm done. Disgusting.",
    "Body weight fees at {b}. Humiliating and cruel. 🤬",
    "So {b} thinks fat-shaming at the gate is a business model. Vile.",
    "Is the {b} weight fee real or fake? Either way {h} answer, people are upset.",
    "My friend cancelled her {b} trip to {city} over the weight fee rumour. {h} say something!",
    "{b} staying silent while this rumour spreads is awful.",
    "Saw the leaked {b} memo about weighing passengers. If that's not fake it's the most "
    "disgusting thing I've read.",
    "Fake or not, people believe {b} would do this. That says a lot. Terrible reputation.",
    "&lt;leaked memo&gt; 'Passengers above 100 kg pay {amount}' — {b} are you serious?? Horrible.",
    "Not flying {b} until they deny the weight fee rumour. Shameful silence.",
    "{b} weighing people at {airport}? Dehumanising. 😡",
    "Everyone's sharing the {b} weight memo. It looks fake to me but {b} says nothing. Awful "
    "comms.",
    "Rumour says {b} starts the body weight fee on {flight} routes next month. Outrageous.",
    "Hoax or not, {h}, your silence is making it worse. Pathetic.",
)
QUESTIONS = (
    "Is the {b} weight fee memo fake?",
    "Has {b} denied the rumour about weighing passengers yet?",
    "{h} is the body weight fee real? Flying to {city} next week.",
    "Where did the {b} memo screenshot come from? Anyone traced it?",
    "Does anyone have a link to an official {b} statement about the rumour?",
)
SPREADER_POSTS = (
    "🚨 LEAKED: {b} memo says passengers will be weighed at the gate and pay a 'body weight fee' "
    "from next month. Thoughts? 👀",
    "The {b} weight fee memo has 2M views. Still no denial from {h}. Make it make sense.",
)
REPLIES = (
    "@viralhub_daily this is disgusting if true. {b} what the hell.",
    "@viralhub_daily that {b} memo is fake, look at the font and the date. Stop spreading it.",
    "RT @viralhub_daily: LEAKED: Acme Air memo says passengers will be weighed at the gate...",
    "@viralhub_daily source? This looks like a hoax. {b} would never put that in writing.",
    "@viralhub_daily my aunt just cancelled her {b} flight because of this. Awful.",
    "@viralhub_daily take this down, it's fake news about {b}.",
)
DEBUNKS = (
    "Fact check: the {b} 'body weight fee' memo is fake. Wrong logo, wrong address, no such "
    "department.",
    "The {b} weight fee story is a hoax that started on a parody account. Please stop sharing.",
    "Debunked: {b} is not weighing passengers. The memo was made from a 2019 template.",
    "{outlet} confirms the {b} memo is fake. The rumour still travels faster than the correction.",
    "Reverse image search: the {b} 'memo' is an edited memo from another company. Hoax.",
    "PSA: the {b} weight fee rumour is false. Check official channels before sharing.",
    "Fake news alert: nothing about a {b} body weight fee is true.",
)
RECOVERY = (
    "Glad {b} shut down the weight fee rumour clearly. Relieved.",
    "The {b} statement was quick and clear once it came. Thanks.",
    "Rebooked my {b} trip to {city} now that the memo is proven fake. 👍",
    "Good on {b} for reporting the fake memo to the platforms.",
    "{b} crew at {airport} joked about the rumour and made everyone laugh. Lovely flight.",
)
FOREIGN = (
    "fr|neg|Acme Air va peser les passagers ?! Si c'est une intox, qu'ils le disent vite. "
    "Honteux sinon.",
    "fr|neg|Ce mémo Acme Air sur une taxe au poids est une fausse information, arrêtez de le "
    "partager.",
    "es|neg|¿Acme Air va a cobrar por el peso de los pasajeros? Si es un bulo, que lo desmientan "
    "ya.",
    "es|neg|Lo del memo de Acme Air es una noticia falsa. Dejad de compartirlo.",
    "de|neg|Acme Air will Passagiere wiegen? Wenn das eine Falschmeldung ist, sollen sie es "
    "sagen. Unglaublich.",
    "de|neg|Das Gerücht über eine Gewichtsgebühr bei Acme Air verbreitet sich rasend schnell. "
    "Peinlich.",
    "ja|neg|Acme Air が乗客の体重で料金を取るって本当？デマなら早く否定して。",
    "ja|neg|Acme Air の体重料金のメモ、偽物らしい。拡散しないで。",
    "zh|neg|Acme Air 要按体重收费？如果是谣言，请赶快辟谣。",
    "zh|neg|那份 Acme Air 体重收费的备忘录是假的，别再转了。",
    "ar|neg|هل ستفرض Acme Air رسومًا حسب وزن الركاب؟ إذا كانت إشاعة فلتنفها فورًا.",
    "ar|neg|مذكرة Acme Air عن رسوم الوزن مزيفة، توقفوا عن نشرها.",
    "he|neg|Acme Air תגבה לפי משקל הנוסעים? אם זו שמועה, שיכחישו מיד.",
    "he|neg|המזכר של Acme Air על תשלום לפי משקל מזויף. תפסיקו להפיץ.",
)
NEWS = (
    "2700|Metro Courier|'Leaked memo' claiming Acme Air will weigh passengers spreads online — "
    "The airline has not yet commented on the document.",
    "3600|Aviation Brief|Fact check: Acme Air 'body weight fee' memo is fake — The document uses "
    "an old logo and a department that does not exist.",
    "4200|The Daily Ledger|How a fake Acme Air memo reached millions in three hours — Researchers "
    "traced the first post to a parody account.",
    "5400|Travel Wire|Acme Air denies weight fee rumour, reports fake memo to platforms — The "
    "airline says it has no plan to weigh passengers.",
    "7200|Business Gazette|Acme Air bookings recover after hoax memo — Travel agents report "
    "cancellations have stopped.",
)
STATEMENTS = (
    "4500|demo-x|The 'memo' about a body weight fee is fake. Acme Air does not weigh passengers "
    "and has no plan to. Please share only information from our official channels.",
    "4530|demo-mastodon|The 'memo' about a body weight fee is fake. Acme Air does not weigh "
    "passengers and has no plan to.",
    "5100|demo-x|We've reported the fake Acme Air memo to the platforms where it spreads. Our "
    "fares and fees are all here: https://example.com/acmeair/fees",
    "6600|demo-x|Thank you to everyone who helped correct the rumour. Acme Air's fees page is "
    "the only official source: https://example.com/acmeair/fees",
)

STORY = Story(
    id="misinformation",
    title="A fake Acme Air memo about a body weight fee",
    streams={
        **arc(
            26.0,
            ((ONSET, 0), (2100, 0.3), (2700, 0.8), (3600, 1.0), (4500, 0.6)),
            loud_at=2100.0,
            replies=7.0,
            recovery_at=5100.0,
        ),
        "debunk": (1.2, shape(((3000, 0), (3900, 6), (5400, 6), (6600, 2), (7800, 0)))),
    },
    pools={
        "complaint": COMPLAINTS,
        "question": QUESTIONS,
        "reply": REPLIES,
        "debunk": DEBUNKS,
        "recovery": RECOVERY,
    },
    foreign=FOREIGN,
    loud_voice=("@viralhub_daily", 2_400_000),
    loud_at=2100.0,
    loud_posts=SPREADER_POSTS,
    loud_engagement=(96_000, 41_000, 18_000),
    news=NEWS,
    statements=STATEMENTS,
    tags=(" #AcmeAirMemo", " 🤬", " 😡"),
)
