"""The product-recall story: the buckle of Acme Air's SkyNest child seat opens in flight."""

from __future__ import annotations

import random

from crisistui.demo.story import ONSET, Story, arc

COMPLAINTS = (
    "The {b} SkyNest child seat buckle popped open on {flight}. Faulty and unsafe. My baby could "
    "have been hurt. 😡",
    "How is {b} still using the defective SkyNest seats after that video? Disgusting.",
    "{b} sold me a SkyNest travel seat for {amount} and the buckle is defective too. "
    "Recall it NOW.",
    "Unsafe seats for babies on {b} flights. Unbelievable.",
    "Our SkyNest seat from {b} cracked on the first trip to {city}. Faulty junk.",
    "If the buckle is faulty, why hasn't {b} issued a recall yet? Negligent.",
    "Just checked my SkyNest: same defect as in the video. Thanks {b}, terrifying.",
    "{h} my toddler sat in that unsafe SkyNest seat on {flight} last week. I'm shaking. Awful.",
    "Stop flying the SkyNest seats, {b}. A defect like that is not a 'comfort issue'. Shameful.",
    "&lt;PSA&gt; Don't let {b} crew put your kid in the SkyNest. The buckle is defective "
    "&lt;/PSA&gt;",
    "{b} knew about the SkyNest buckle defect for months, per the forum thread. Horrible.",
    "Paid {amount} for the {b} SkyNest and now it's unsafe to use. Furious.",
    "The crew on {flight} still handed out SkyNest seats today. {b}, this is dangerous and wrong.",
    "Three posts about faulty SkyNest buckles on the {b} forum since spring. Nobody listened. Sad.",
    "Lot {lot} SkyNest from {b}, same faulty latch. Where is the recall? Angry parent here.",
    "{b} what does it take for a recall, an injured child? Disgraceful.",
)
QUESTIONS = (
    "Which SkyNest lots are in the {b} recall? Mine says {lot}.",
    "Is the {b} SkyNest seat safe to use on {flight} tomorrow or should we bring our own?",
    "{h} where do I return a defective SkyNest bought at {airport}?",
    "Does the {b} recall cover the SkyNest sold in the duty free shop?",
    "Anyone know if {b} still offers bassinets on long flights while the seats are recalled?",
    "{h} lot {lot}: is it part of the recall?",
)
PARENT_POSTS = (
    "Watch this. The {b} SkyNest child seat buckle opened by itself in turbulence on {flight}. My "
    "son is fine, but that seat is defective and unsafe. {h} pull them now. 😡",
    "Dozens of parents in my DMs with the same faulty SkyNest buckle. {b}, when is the recall?",
)
REPLIES = (
    "@tinytravellers that video made me feel sick. {b} please recall those seats.",
    "@tinytravellers same buckle on our SkyNest from {b}! Defective for sure.",
    "RT @tinytravellers: The Acme Air SkyNest child seat buckle opened by itself...",
    "Parents, watch @tinytravellers' video before your next {b} flight. Unsafe.",
    "@tinytravellers so glad your son is OK. {b} owes every parent an answer. Awful.",
    "{h} a creator with 680k parents watching just showed your seat failing. Respond!",
    "@tinytravellers we flew {b} to {city} with that seat last month. Horrified.",
)
SAFETY_REPORTS = (
    "Reported the {b} SkyNest to the consumer safety agency. Everyone with one should.",
    "Photo of my SkyNest buckle: the same crack as in the video. {b} recall it! 📷",
    "Shops at {airport} pulled the {b} SkyNest from shelves before {b} said anything.",
    "Stopped using our {b} SkyNest. Defective buckle confirmed by our car seat technician.",
    "The safety regulator should force a {b} recall today. Kids fly every day.",
    "Our {b} SkyNest from {city} duty free has the same faulty latch. Pictures in thread.",
)
RECOVERY = (
    "Returned our SkyNest at {airport}, {b} replaced it on the spot. Quick and fair.",
    "The {b} recall notice is clear: lot numbers, what to do, where to return. Thank you.",
    "Crew on {flight} had the new bassinets. Thanks {b} for acting fast.",
    "Got the {b} recall email and a voucher. Appreciate the quick action.",
    "Good that {b} pulled every SkyNest from its planes. Right call.",
    "{h} answered my lot number question in minutes. Reassuring.",
    "Relieved: {b} swapped our SkyNest for a certified seat, free.",
)
FOREIGN = (
    "fr|neg|Le siège enfant SkyNest d'Acme Air est défectueux, la boucle s'ouvre toute seule. "
    "Rappel immédiat !",
    "fr|neg|Acme Air, quand lancez-vous le rappel des sièges SkyNest ? Inadmissible.",
    "es|neg|La silla SkyNest de Acme Air es un producto defectuoso. ¡Exijo la retirada ya!",
    "es|neg|Mi hijo viajó en una SkyNest de Acme Air. Defectuoso y peligroso, qué miedo.",
    "de|neg|Rückruf jetzt, Acme Air! Der SkyNest-Kindersitz ist defekt, die Schnalle geht von "
    "selbst auf.",
    "de|neg|Unser SkyNest von Acme Air hat denselben Verschluss, auch defekt. Unverantwortlich.",
    "ja|neg|Acme Air の SkyNest チャイルドシート、ベルトが勝手に外れるなんて"
    "危険すぎる。リコールして。",
    "ja|neg|Acme Air で使った SkyNest も同じ不具合。子どもが心配。",
    "zh|neg|Acme Air 的 SkyNest 儿童座椅卡扣会自己打开，太危险了，必须召回！",
    "zh|neg|我们在 Acme Air 航班上用过 SkyNest 座椅，想想就后怕。",
    "ar|neg|مقعد الأطفال SkyNest من Acme Air معيب والقفل يفتح وحده. يجب سحبه فورًا.",
    "ar|neg|استخدمنا مقعد SkyNest على رحلة Acme Air الشهر الماضي. أمر مخيف.",
    "he|neg|מושב הבטיחות SkyNest של Acme Air פגום, האבזם נפתח לבד. תחזירו אותו מיד!",
    "he|neg|טסנו עם SkyNest של Acme Air בחודש שעבר. מפחיד.",
)
NEWS = (
    "2700|Metro Courier|Parent's video of Acme Air child seat buckle goes viral — The SkyNest "
    "seat, used on flights and sold at airports, opened during turbulence, the video shows.",
    "3300|Travel Wire|Acme Air under pressure to recall SkyNest child seats — Parents report the "
    "same buckle defect on seats bought at airport shops.",
    "3900|The Daily Ledger|Safety agency 'reviewing' Acme Air child seat after viral video — The "
    "consumer safety regulator has asked the airline for its test data.",
    "4500|Business Gazette|Airport retailers pull Acme Air SkyNest seats from shelves — The "
    "airline has not said how many seats were sold.",
    "5700|The Daily Ledger|Acme Air recalls SkyNest child seats over faulty buckle — All seats "
    "are being removed from its aircraft; buyers can return them at any airline desk.",
    "7800|Aviation Brief|Acme Air replaces SkyNest seats with certified bassinets fleet-wide — "
    "Independent test results are due next month.",
)
STATEMENTS = (
    "5400|demo-x|We have seen the video of a SkyNest child seat buckle opening on an Acme Air "
    "flight. As a precaution we have stopped using SkyNest seats on all flights.",
    "5430|demo-mastodon|As a precaution, Acme Air has stopped using SkyNest child seats on all "
    "flights. Updates: https://example.com/acmeair/skynest",
    "5700|demo-x|Acme Air is recalling every SkyNest child seat, lots SN-2201 to SN-2412. Stop "
    "using it and return it at any Acme Air desk for a certified replacement: "
    "https://example.com/acmeair/skynest",
    "7200|demo-x|Update: Acme Air has removed every SkyNest seat from its aircraft. Certified "
    "bassinets are on board from today.",
    "9000|demo-x|Thank you to the parents who reported the buckle. Acme Air will publish the "
    "independent test results: https://example.com/acmeair/skynest",
)


def _lot(rng: random.Random) -> dict[str, str]:
    return {"lot": f"SN-{rng.randint(2201, 2412)}"}


STORY = Story(
    id="product-recall",
    title="Acme Air SkyNest child seat recall",
    streams=arc(
        26.0,
        ((ONSET, 0), (2100, 0.15), (2700, 0.6), (3600, 1.0), (5400, 0.9), (5700, 0.6)),
        loud_at=2100.0,
        replies=7.0,
        side=((3300, 0), (3900, 4), (5400, 4), (6000, 0)),
        recovery_at=6000.0,
    ),
    pools={
        "complaint": COMPLAINTS,
        "question": QUESTIONS,
        "reply": REPLIES,
        "side": SAFETY_REPORTS,
        "recovery": RECOVERY,
    },
    foreign=FOREIGN,
    loud_voice=("@tinytravellers", 680_000),
    loud_at=2100.0,
    loud_posts=PARENT_POSTS,
    loud_slots={"flight": "AC 1284"},
    loud_engagement=(39_800, 14_100, 5_200),
    news=NEWS,
    statements=STATEMENTS,
    tags=(" #AcmeAirRecall", " #SkyNest", " 😡"),
    extra_slots=_lot,
)
