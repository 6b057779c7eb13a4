"""The data-breach story: a security researcher finds Acme Air customer data for sale."""

from __future__ import annotations

from crisistui.demo.story import ONSET, Story, arc

COMPLAINTS = (
    "Was my card stolen? {b} just confirmed a data breach and I paid for {flight} with that card. "
    "Terrified.",
    "{b} leaked my passport number. How is that even possible? Disgusting.",
    "So {b} got hacked and we hear it from a security researcher, not from them. Shameful.",
    "Just checked: my email is in the {b} data leak. Thanks for nothing. 😡",
    "My bank flagged a {amount} charge in {city} the same day the {b} breach went public. Furious.",
    "{b} kept our card details so carelessly that they leaked. Unacceptable.",
    "If my passport data was leaked by {b} I want answers today, not a vague blog post. Angry.",
    "Hey {h}, was my data in the breach or not? Simple question. Awful silence.",
    "Cancelled my card, changed every password. Thanks {b}, great morning. Horrible.",
    "&lt;sarcasm&gt;Love that {b} shares my home address with hackers&lt;/sarcasm&gt; Disgraceful.",
    "The {b} breach includes frequent flyer accounts. Someone spent my miles. Sick of it.",
    "A breach this size and {b} hasn't emailed a single customer. Terrible.",
    "Never booking with {b} again, they leaked my kids' passport details. Livid.",
    "{b} says 'no evidence of misuse'. My card was used in {city} an hour ago. Liars.",
    "Booked {flight} with {b} last week and now my data is in a hacker forum. Horrible.",
    "How many times does {b} need to be hacked before they take security seriously? Pathetic.",
    "The {b} leak has my phone number, my address and my seat {seat} history. Creepy and awful.",
    "{h} a data breach and not one word from you in {hours} hours. Disgraceful.",
)
QUESTIONS = (
    "Is there a way to check if I'm affected by the {b} data breach?",
    "Was my card stolen? I paid {b} with a debit card at {time} last week.",
    "{h} should we change our frequent flyer passwords after the leak?",
    "Does the {b} leak include passport numbers or only emails?",
    "Anyone got the {b} breach notification email yet? Is it real or phishing?",
    "{b} breach: do I need to cancel my card if I only paid by bank transfer?",
    "{h} DM sent: is booking {flight} part of the leaked data?",
)
RESEARCHER_POSTS = (
    "A database of {b} customers is for sale on a forum: names, emails, passport numbers, last 4 "
    "card digits. I verified a sample of 200 records, they are real. {h} please respond. 🧵",
    "The leak seems to come from an exposed {b} booking backup that is still online. I reported "
    "it to {h} twice; no answer yet. This is bad.",
    "Update: the exposed {b} server is down. If you flew with them since 2023, reset your password "
    "and watch your card statements.",
)
REPLIES = (
    "@kerstin_sec thank you for flagging the {b} leak. Customers still not told. Shocking.",
    "@kerstin_sec is the {b} data breach only bookings or loyalty accounts too?",
    "Following @kerstin_sec's thread: {b} left our passport data on an open server?! Appalling.",
    "RT @kerstin_sec: A database of Acme Air customers is for sale on a forum...",
    "@kerstin_sec found the {b} breach before {b} did. Embarrassing.",
    "@kerstin_sec my details are in the sample you posted. Scared and angry. {h} answer her!",
    "Imagine a researcher having to chase {h} twice about a leak. Terrible security culture.",
    "@kerstin_sec {b} ignored your reports? That's negligent. 👆",
)
REGULATOR_AND_PHISHING = (
    "Reported the {b} data breach to the data protection regulator. 72 hours to notify, clock's "
    "ticking.",
    "Got a text from 'Acme Air Security' asking me to confirm my card number. Phishing already, "
    "after the leak. Don't click!",
    "Phishing emails pretending to be {b} breach notices are everywhere. Check the sender.",
    "Filed a complaint with the regulator about the {b} leak. Everyone affected should.",
    "Lawyers already advertising a class action over the {b} breach. Not surprised.",
    "My 'Acme Air' email says click here to secure your account. Phishing, right? This leak is "
    "a nightmare.",
    "The regulator should fine {b} hard for this data breach. Negligent.",
    "ICO, CNIL, AEPD: please look into the {b} data leak. 🇪🇺",
)
RECOVERY = (
    "Got the {b} breach email: clear about what leaked and what to do. Appreciated.",
    "Reset my {b} password and turned on 2FA. Their guide was easy to follow.",
    "{b} is paying for a year of credit monitoring. Fair enough, thanks.",
    "Credit where due, {h} answered my question about the leak in minutes.",
    "{b} restored the miles someone spent from my account. Good recovery.",
    "The {b} security FAQ is actually helpful. Feeling calmer.",
    "Bank says my card is fine and {b} confirmed my passport wasn't in the leak. Relieved!",
    "Glad {b} owned the mistake and explained it plainly.",
)
FOREIGN = (
    "fr|neg|Fuite de données chez Acme Air : mon numéro de passeport est dans la nature. "
    "Inadmissible.",
    "fr|neg|Piratage chez Acme Air et personne ne nous prévient. Ma carte a-t-elle été volée ?",
    "es|neg|Filtración de datos en Acme Air: ¿me han robado la tarjeta? Nadie contesta.",
    "es|neg|Hackeo en Acme Air y los datos de mi pasaporte expuestos. Una vergüenza.",
    "de|neg|Datenleck bei Acme Air: meine Passnummer steht im Netz. Unfassbar.",
    "de|neg|Acme Air wurde gehackt und sagt kein Wort. Wurde meine Karte gestohlen?",
    "ja|neg|Acme Air から個人情報が流出したらしい。カード情報は大丈夫なの？",
    "ja|neg|Acme Air の情報漏えい、パスポート番号まで漏れているなんてひどすぎる。",
    "zh|neg|Acme Air 数据泄露，我的护照号码和信用卡信息可能都被盗了，太可怕了。",
    "zh|neg|Acme Air 被黑客攻击了却一句话都不说，太不负责任了。",
    "ar|neg|تسريب بيانات عملاء Acme Air يشمل أرقام جوازات السفر. هل سُرقت بطاقتي؟",
    "ar|neg|تعرضت Acme Air للاختراق ولم تخبرنا بشيء. أمر مخيف.",
    "he|neg|דליפת מידע ב-Acme Air, כולל מספרי דרכונים. האם הכרטיס שלי נגנב?",
    "he|neg|Acme Air נפרצה ולא אמרה לנו כלום. מביש.",
)
NEWS = (
    "2400|Aviation Brief|Researcher says Acme Air customer data is for sale online — A sample of "
    "records includes names, passport numbers and partial card details.",
    "3000|Travel Wire|Acme Air investigating possible data breach — The airline has not said how "
    "many passengers are affected.",
    "3600|The Daily Ledger|Acme Air data leak: what passengers should do now — Experts advise "
    "resetting passwords and watching card statements for unknown charges.",
    "4200|Business Gazette|Regulator 'in contact' with Acme Air over customer data breach — The "
    "data protection authority expects to be notified within 72 hours.",
    "4800|Metro Courier|&quot;Was my card stolen?&quot; Acme Air customers flood phone lines "
    "after hack — Police warn of phishing emails posing as breach notices.",
    "6600|The Daily Ledger|Acme Air confirms breach, says full card numbers were not taken — The "
    "airline is emailing affected customers and offering a year of credit monitoring.",
    "8400|Travel Wire|Acme Air says exposed server is secured, regulator notified — Passengers "
    "can check whether they are affected on the airline's website.",
)
STATEMENTS = (
    "5400|demo-x|We are investigating reports that Acme Air customer data was exposed. We have "
    "secured the server involved and informed the data protection regulator. Updates: "
    "https://status.example.com/acmeair/security",
    "5430|demo-mastodon|We are investigating reports that Acme Air customer data was exposed and "
    "have informed the regulator. Updates: https://status.example.com/acmeair/security",
    "6300|demo-x|What we know: names, emails and passport numbers of some Acme Air customers were "
    "exposed. Full card numbers and passwords were not. We are emailing everyone affected today.",
    "6360|demo-x|Acme Air will never ask for your card number or password by email or text. "
    "Please ignore messages that do. How to check: https://example.com/acmeair/security",
    "7800|demo-x|Every affected Acme Air customer can claim a year of free credit monitoring: "
    "https://example.com/acmeair/security",
    "9600|demo-x|We're sorry. Acme Air will publish the findings of an independent review of "
    "this breach.",
)

STORY = Story(
    id="data-breach",
    title="Acme Air customer data breach",
    streams=arc(
        30.0,
        ((ONSET, 0), (2400, 0.35), (3300, 0.8), (4800, 1.0), (5400, 0.9), (6300, 0.5)),
        loud_at=ONSET,
        replies=6.0,
        questions=0.15,
        side=((3300, 0), (3900, 5), (5700, 5), (6600, 1), (7200, 0)),
        recovery_at=6600.0,
    ),
    pools={
        "complaint": COMPLAINTS,
        "question": QUESTIONS,
        "reply": REPLIES,
        "side": REGULATOR_AND_PHISHING,
        "recovery": RECOVERY,
    },
    foreign=FOREIGN,
    loud_voice=("@kerstin_sec", 410_000),
    loud_at=ONSET,
    loud_posts=RESEARCHER_POSTS,
    loud_engagement=(21_400, 9_800, 2_300),
    news=NEWS,
    statements=STATEMENTS,
    tags=(" #AcmeAirBreach", " #databreach", " 😡"),
)
