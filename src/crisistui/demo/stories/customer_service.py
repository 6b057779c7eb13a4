"""The customer-service storm: refunds stuck for months, hours on hold, double charges."""

from __future__ import annotations

import random

from crisistui.demo.story import ONSET, Story, arc

COMPLAINTS = (
    "Day {days} waiting for my {b} refund for {flight}. {amount} gone and no response. "
    "Disgraceful.",
    "On hold with {b} for {hours} hours. The hold music is burned into my brain. Awful customer "
    "service.",
    "{b} charged twice for {flight} and customer service says 'wait 90 days'. Unacceptable.",
    "I want my money back, {b}. {amount} for a flight you cancelled. Thieves.",
    "{h} six emails, three calls, no response. Where is my refund?",
    "Customer support chat closed on me again. {b} is a joke. 😤",
    "{b} offered a voucher instead of a refund. I don't want a voucher, I want my {amount}. "
    "Furious.",
    "Worst customer service in aviation. {b}, answer your phones.",
    "Three hours on hold, then the {b} line hung up. Horrible.",
    "&lt;hold music intensifies&gt; still waiting for {b} customer service, {hours}h in.",
    "Compensation? {b} won't even acknowledge my claim from {days} days ago. Terrible.",
    "Charged twice for seat {seat} on {flight}. {b} customer support: 'nothing we can do'. "
    "Pathetic.",
    "My retired parents have waited {days} days for a {amount} refund from {b}. Shameful.",
    "Is anyone at {b} customer service actually answering? Awful.",
    "{b} refund page says 7 days. It's been {days}. Liars.",
    "Nobody answers at {b}. Not the phone, not the chat, not email. Useless.",
)
QUESTIONS = (
    "How long did your {b} refund take? Mine is at {days} days.",
    "Is there a faster way to reach {b} customer service than the phone line?",
    "{h} can you confirm my refund for {flight} is processing? Ref sent by DM.",
    "Does anyone have an email for {b} complaints that actually gets a reply?",
    "Anyone claimed compensation from {b} this year? How long did it take?",
    "Chargeback or wait for the {b} refund? What worked for you?",
)
JOURNALIST_POSTS = (
    "My inbox is full of {b} customers waiting 2-3 months for refunds, stuck on hold for hours, "
    "some charged twice. Share your story with #AcmeAirRefunds and I'll take it to {h}.",
    "I called {b} customer service myself: 3h 40m on hold, then cut off. This is not a glitch, "
    "it's a policy. 😡",
)
REPLIES = (
    "@moneysavvymeg {days} days and counting for my {b} refund. Thank you for doing this.",
    "@moneysavvymeg charged twice by {b} in March, still no money back.",
    "RT @moneysavvymeg: My inbox is full of Acme Air customers waiting 2-3 months for refunds...",
    "@moneysavvymeg same with {b}, on hold {hours} hours last week. #AcmeAirRefunds",
    "@moneysavvymeg please ask {b} why the refund page says 7 days when it's 70.",
    "@moneysavvymeg thank you! {b} customer service is a black hole.",
    "@moneysavvymeg {b} hung up on my mum twice. Disgusting way to treat people.",
)
ESCALATION = (
    "Filed a chargeback with my bank for the {b} refund. Done waiting.",
    "Complaint lodged with the aviation ombudsman about {b} refunds. Do it too.",
    "Tip: small claims court works. Got my {amount} from {b} after one letter. #AcmeAirRefunds",
    "{b} refunds thread: list your waiting days. Mine: {days}. #AcmeAirRefunds",
    "Consumer group says {b} owes thousands of refunds. Shocking.",
    "Printed my {b} refund timeline for the ombudsman: {days} days, 14 contacts, zero answers.",
)
RECOVERY = (
    "Refund from {b} landed today, {amount}. Thanks for finally sorting it.",
    "{b} called me back within the hour. Big improvement.",
    "Credit where it's due, {h} cleared my refund two days after the announcement.",
    "The {b} callback service actually works. No hold music!",
    "{b} reversed the double charge and added a voucher. Appreciated.",
    "Good to see {b} hire more support staff. Quick answer today.",
)
FOREIGN = (
    "fr|neg|Ça fait {days} jours que j'attends le remboursement d'Acme Air. Service client "
    "injoignable.",
    "fr|neg|Acme Air m'a débité deux fois et le service client ne répond pas. Honteux.",
    "es|neg|Llevo {days} días esperando el reembolso de Acme Air. Pésima atención al cliente.",
    "es|neg|Acme Air me cobró dos veces y nadie responde. Quiero mi reembolso.",
    "de|neg|Seit {days} Tagen warte ich auf die Erstattung von Acme Air. Kundenservice "
    "unerreichbar.",
    "de|neg|Acme Air hat doppelt abgebucht, der Kundenservice legt einfach auf. Frechheit.",
    "ja|neg|Acme Air の返金を{days}日も待っている。電話もつながらない。",
    "ja|neg|Acme Air に二重請求された。カスタマーサービスは何時間も保留のまま。",
    "zh|neg|等 Acme Air 退款已经{days}天了，客服电话永远打不通。",
    "zh|neg|Acme Air 重复扣款，客服一直让我等。太差了。",
    "ar|neg|أنتظر استرداد أموالي من Acme Air منذ {days} يومًا. خدمة العملاء لا ترد.",
    "ar|neg|خصمت Acme Air المبلغ مرتين ولا أحد يجيب. أمر مرهق.",
    "he|neg|אני מחכה להחזר מ-Acme Air כבר {days} ימים. שירות הלקוחות לא עונה.",
    "he|neg|Acme Air חייבה אותי פעמיים ואף אחד לא עונה. מתסכל.",
)
NEWS = (
    "2700|Metro Courier|Acme Air customers wait months for refunds — Passengers describe hours "
    "on hold and double charges.",
    "3300|The Daily Ledger|Consumer journalist's callout floods with Acme Air refund complaints — "
    "Thousands of posts under #AcmeAirRefunds.",
    "3900|Travel Wire|Why Acme Air refunds are stuck: a new payments system and fewer agents — "
    "Former staff describe a backlog of tens of thousands of cases.",
    "4800|Business Gazette|Aviation ombudsman 'concerned' about Acme Air refund delays — The "
    "regulator says it has written to the airline.",
    "6600|The Daily Ledger|Acme Air promises all refunds within 14 days, adds 400 support staff — "
    "The airline apologised for the delays.",
)
STATEMENTS = (
    "5400|demo-x|We're sorry. Too many Acme Air customers have waited too long for refunds and "
    "spent hours on hold. We are clearing the backlog now and will update here daily.",
    "5430|demo-mastodon|We're sorry. Too many Acme Air customers have waited too long for "
    "refunds. We are clearing the backlog now.",
    "6300|demo-x|Every pending Acme Air refund will be paid within 14 days. Double charges are "
    "being reversed automatically. Check yours: https://example.com/acmeair/refunds",
    "6360|demo-x|We've added 400 people to Acme Air customer support and a callback service, so "
    "nobody has to wait on hold: https://example.com/acmeair/help",
    "8400|demo-x|Update: 61% of the Acme Air refund backlog is paid. Thank you for your patience.",
)


def _days(rng: random.Random) -> dict[str, str]:
    return {"days": str(rng.randint(20, 95))}


STORY = Story(
    id="customer-service",
    title="Acme Air refunds and hold times storm",
    streams=arc(
        28.0,
        ((ONSET, 0), (2700, 0.3), (3600, 0.6), (4800, 1.0), (5400, 1.0), (6300, 0.6)),
        1200.0,
        loud_at=2400.0,
        replies=7.0,
        side=((3600, 0), (4200, 4), (6000, 4), (6600, 0)),
        recovery_at=6600.0,
    ),
    pools={
        "complaint": COMPLAINTS,
        "question": QUESTIONS,
        "reply": REPLIES,
        "side": ESCALATION,
        "recovery": RECOVERY,
    },
    foreign=FOREIGN,
    loud_voice=("@moneysavvymeg", 520_000),
    loud_at=2400.0,
    loud_posts=JOURNALIST_POSTS,
    loud_engagement=(27_300, 9_900, 6_400),
    news=NEWS,
    statements=STATEMENTS,
    tags=(" #AcmeAirRefunds", " 😤", " 😡"),
    extra_slots=_days,
)
