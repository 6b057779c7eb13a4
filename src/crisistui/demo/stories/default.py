"""The general story (the default playbook): a backlash over new fees, with no single cause word."""

from __future__ import annotations

from crisistui.demo.story import ONSET, Story, arc

COMPLAINTS = (
    "{b} now charges {amount} to sit next to your own kids. Greedy and shameful.",
    "Paying for a carry-on, paying for a seat, paying to breathe soon. {b} is a disgrace.",
    "The new {b} fees are a joke. Families get hit hardest. Awful.",
    "{b} cut legroom AND added seat fees in the same week. Unbelievable.",
    "Goodbye {b}. Your new 'basic' fare is basically nothing. Terrible value.",
    "Seat {seat} on {flight} now costs {amount} extra. {b}, you must be kidding. 😠",
    "Loyal for years, and {b} thanks us with fees on everything. Insulting.",
    "{h} charging families to sit together is cruel. Reverse it.",
    "&lt;fee&gt;&lt;fee&gt;&lt;fee&gt; — the new {b} booking page. Pathetic.",
    "The new {b} fare rules are confusing and greedy. Hate it.",
    "{b} hides the seat fee until the last step of booking. Sneaky and awful.",
    "Booked {b} to {city}: fare {amount}, and the fees nearly doubled it. Ridiculous.",
    "Two cm less legroom on {b}. My knees are furious. Disgraceful.",
    "{b} fee change is the worst thing they've done to families. Shameful.",
)
QUESTIONS = (
    "Does the new {b} seat fee apply to bookings made before today?",
    "{h} are kids under 12 guaranteed a seat next to a parent without paying?",
    "Is the {b} basic fare now without a carry-on on {airport}-{airport2}?",
    "Which fare do I need on {b} to avoid the seat fee?",
)
BLOGGER_POSTS = (
    "{b} just announced €35 seat fees on every long-haul, no free carry-on on basic fares and 2 "
    "cm less legroom. Families will pay to sit together. Worst change I've seen from a major "
    "airline. 👎",
    "I priced a family of four {airport} to {city} on {b}: €212 in new fees before a single bag. "
    "Unreal.",
)
REPLIES = (
    "@travelwithtariq thank you for doing the maths. {b} should be embarrassed.",
    "@travelwithtariq switching to Zephyr Airlines for our summer trip. Bye {b}.",
    "RT @travelwithtariq: Acme Air just announced €35 seat fees on every long-haul...",
    "@travelwithtariq {b} charging families to sit together is disgusting.",
    "@travelwithtariq knew {b} would pull something like this. Greedy.",
)
PETITION = (
    "Petition: tell {b} to drop the family seat fee. 80k signatures already.",
    "Consumer group says the new {b} fees could break price display rules.",
    "The frequent flyer forum thread on the {b} changes is 900 pages of fury.",
    "Travel agents say clients are asking to avoid {b} after the fee change.",
)
RECOVERY = (
    "{b} dropped the family seat fee. Good call, thank you.",
    "{b} listened. Free carry-on back on basic fares. 👏",
    "Credit to {b} for reversing the fees within a day.",
    "Glad {b} explained the changes clearly in the end. Fair enough.",
)
FOREIGN = (
    "fr|neg|Acme Air fait payer les familles pour s'asseoir ensemble. Honteux.",
    "fr|neg|Nouveaux frais chez Acme Air : bagage cabine payant, sièges payants. Quelle arnaque.",
    "es|neg|Acme Air cobra por sentarse junto a tus hijos. Vergonzoso.",
    "es|neg|Las nuevas tarifas de Acme Air son un abuso. No vuelvo.",
    "de|neg|Acme Air verlangt jetzt Geld, damit Familien zusammen sitzen. Unverschämt.",
    "de|neg|Weniger Beinfreiheit und neue Gebühren bei Acme Air. Frechheit.",
    "ja|neg|Acme Air、家族で隣に座るのに追加料金？ひどい。",
    "ja|neg|Acme Air の新しい手数料は高すぎる。",
    "zh|neg|Acme Air 连家人坐在一起都要收费，太过分了。",
    "zh|neg|Acme Air 的新收费规定太贪心了。",
    "ar|neg|تفرض Acme Air رسومًا على العائلات للجلوس معًا. أمر مخجل.",
    "ar|neg|رسوم Acme Air الجديدة مبالغ فيها.",
    "he|neg|Acme Air גובה כסף ממשפחות כדי לשבת יחד. מביש.",
    "he|neg|העמלות החדשות של Acme Air מוגזמות.",
)
NEWS = (
    "2400|Travel Wire|Acme Air adds seat fees, cuts free carry-on on basic fares — The changes "
    "apply to bookings from today.",
    "3000|The Daily Ledger|Families angry as Acme Air charges to sit together — Parents say the "
    "new fees add hundreds to a holiday.",
    "3900|Business Gazette|Acme Air fee changes draw fire from consumer groups — Analysts expect "
    "the airline to soften the rules.",
    "6300|The Daily Ledger|Acme Air drops family seat fee after backlash — Basic fares include a "
    "carry-on again.",
)
STATEMENTS = (
    "5400|demo-x|We got this wrong. From today, children under 12 always sit with a parent on "
    "Acme Air at no charge.",
    "5430|demo-mastodon|We got this wrong. Children under 12 always sit with a parent on Acme "
    "Air at no charge.",
    "6000|demo-x|Acme Air basic fares include a free carry-on again. The full fare rules, in "
    "plain words: https://example.com/acmeair/fares",
    "8400|demo-x|Thank you for the honest feedback. Acme Air will ask its frequent flyers before "
    "changing fares again.",
)

STORY = Story(
    id="default",
    title="A backlash over Acme Air's new fees",
    streams=arc(
        26.0,
        ((ONSET, 0), (2400, 0.4), (3000, 0.9), (4200, 1.0), (5400, 0.6)),
        loud_at=2100.0,
        replies=6.0,
        side=((3300, 0), (3900, 2.5), (5400, 2.5), (6000, 0)),
        recovery_at=5700.0,
    ),
    pools={
        "complaint": COMPLAINTS,
        "question": QUESTIONS,
        "reply": REPLIES,
        "side": PETITION,
        "recovery": RECOVERY,
    },
    foreign=FOREIGN,
    loud_voice=("@travelwithtariq", 1_100_000),
    loud_at=2100.0,
    loud_posts=BLOGGER_POSTS,
    loud_slots={"airport": "LHR", "city": "Toronto"},
    loud_engagement=(61_000, 22_000, 7_300),
    news=NEWS,
    statements=STATEMENTS,
    tags=(" #AcmeAirFees", " 😠", " 👎"),
)
