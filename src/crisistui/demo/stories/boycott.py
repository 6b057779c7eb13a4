"""The boycott story: activists call #BoycottAcmeAir after the airline drops its climate pledge."""

from __future__ import annotations

from crisistui.demo.story import ONSET, Story, arc

COMPLAINTS = (
    "#BoycottAcmeAir until they bring back the climate pledge. {b} chose profit over our kids. "
    "Shameful.",
    "Cancelled my {b} trip to {city} and booked the train. Disgusted. #BoycottAcmeAir",
    "Record profit and the climate pledge in the bin. Shameful, {b}. #BoycottAcmeAir",
    "I'm joining the boycott. {b} lied to us about going green. Disgusting.",
    "Going to cancel my account with {b} today. Boycott until they reverse this. Awful.",
    "{h} you scrapped the pledge quietly and hoped no one would notice. Pathetic. "
    "#BoycottAcmeAir 🔥",
    "Boycott {b}. Greenwashing for years and now not even that. Pathetic.",
    "My company's travel policy just dropped {b}. Boycott works. Shame on them. #BoycottAcmeAir",
    "Frequent flyer for ten years. Cancel my account, {b}. Terrible decision. #BoycottAcmeAir",
    "&lt;b&gt;BOYCOTT&lt;/b&gt; {b}. Liars. Spread the word. 🌍🔥",
    "Hey {h}, 40,000 people joined the boycott overnight. Listen. Terrible decision.",
    "Not one more euro to {b}. Hypocrites. #BoycottAcmeAir",
    "{b} lobbying against the flight tax while scrapping its pledge? Boycott. Awful company.",
    "Told my family: we boycott {b} this summer. Hypocrites.",
    "Unsubscribed, card cut, miles donated. Bye {b}, you disgust me. #BoycottAcmeAir",
    "The {b} climate U-turn is a disgrace. Boycott until it's reversed.",
)
QUESTIONS = (
    "What exactly did {b} drop from its climate pledge? Anyone have the document?",
    "Is the {b} boycott about the pledge or the flight tax lobbying?",
    "If I join the boycott, can I still get a credit for my {b} booking {flight}?",
    "{h} are you really scrapping the 2030 target? Yes or no.",
    "Which airline still has a climate pledge? Asking before I book {city} instead of {b}.",
)
ACTIVIST_POSTS = (
    "{b} just scrapped its 2030 climate pledge in a footnote of its annual report, on a "
    "record-profit day. We're calling a boycott. Don't fly {b} until it's back. #BoycottAcmeAir",
    "40,000 people joined the boycott in two hours. {h}, reinstate the pledge. #BoycottAcmeAir",
    "Day of action against {b}: we'll be at {airport} at 10am. Bring signs. #BoycottAcmeAir",
)
REPLIES = (
    "@clearskiesnow signed and shared. Shame on {b}. #BoycottAcmeAir",
    "@clearskiesnow count me in, cancelling my {b} trip to {city}.",
    "RT @clearskiesnow: Acme Air just scrapped its 2030 climate pledge... #BoycottAcmeAir",
    "@clearskiesnow a boycott won't work, {b} is the only airline from my city. Still angry.",
    "@clearskiesnow see you at {airport}! {b} has to hear us.",
    "@clearskiesnow unbelievable. {b} greenwashing exposed. Boycott.",
    "@clearskiesnow my whole office is joining the {b} boycott. ✊",
)
PROTEST = (
    "Protesters with #BoycottAcmeAir signs at the {b} desks in {airport} right now.",
    "The boycott crowd is blocking the {b} desks at {airport}. I just want to get home. Annoying.",
    "Honestly the #BoycottAcmeAir people are overreacting. {b} flights are cheap, I'm flying.",
    "Staff at {b} desk {desk} being yelled at by protesters. Not their fault.",
    "Shareholders meet tomorrow; investors are asking {b} about the boycott too.",
    "Drone shot of the march against {b} outside {airport}. Huge crowd. #BoycottAcmeAir",
)
RECOVERY = (
    "{b} is reinstating the climate pledge with yearly reporting. Good, thank you.",
    "Credit to {b} for listening. I'll fly with them again.",
    "Happy to see {b} publish a real plan with dates. Thank you.",
    "The {b} CEO met the campaigners. That's how it should be done.",
    "Fair play {b}, pledge back and the flight tax lobbying dropped.",
    "Rebooked {b} to {city}. Glad they changed course.",
)
FOREIGN = (
    "fr|neg|Je boycotte Acme Air tant qu'ils n'ont pas rétabli leur engagement climat. Honteux.",
    "fr|neg|Acme Air abandonne son engagement climat le jour de profits records. Boycottez !",
    "es|neg|Boicot a Acme Air hasta que recupere su compromiso climático. Qué vergüenza.",
    "es|neg|Cancelé mi vuelo con Acme Air. Me sumo al boicot. #BoycottAcmeAir",
    "de|neg|Boykott! Acme Air streicht still und leise sein Klimaziel. Unfassbar.",
    "de|neg|Ich fliege nicht mehr mit Acme Air. Boykott, bis das Klimaversprechen zurück ist.",
    "ja|neg|Acme Air が気候目標を撤回したので、しばらく利用しません。#BoycottAcmeAir",
    "ja|neg|利益最高なのに気候目標を捨てる Acme Air には失望した。",
    "zh|neg|Acme Air 放弃了气候承诺，我要抵制它。#BoycottAcmeAir",
    "zh|neg|利润创新高却取消环保目标，Acme Air 太让人失望了。",
    "ar|neg|سأقاطع Acme Air حتى تعيد التزامها المناخي. #BoycottAcmeAir",
    "ar|neg|تتخلى Acme Air عن تعهدها المناخي في يوم الأرباح القياسية. مخجل.",
    "he|neg|אני מחרים את Acme Air עד שיחזירו את ההתחייבות האקלימית. #BoycottAcmeAir",
    "he|neg|Acme Air ביטלה את יעד האקלים שלה ביום של רווחי שיא. מביש.",
)
NEWS = (
    "2400|Business Gazette|Acme Air drops 2030 climate pledge on record-profit day — The change "
    "appeared in a footnote of the annual report.",
    "3000|The Daily Ledger|Activists call boycott of Acme Air over scrapped climate pledge — The "
    "#BoycottAcmeAir hashtag trends as Clear Skies Now urges travellers to switch.",
    "3900|Travel Wire|Corporate travel buyers weigh Acme Air boycott — Several firms say they are "
    "reviewing their airline contracts.",
    "4500|Metro Courier|Protesters gather at {airport} as Acme Air boycott grows — Demonstrators "
    "held signs outside the check-in hall for two hours.",
    "5100|Aviation Brief|Acme Air shares dip as boycott calls spread — Analysts point to the "
    "airline's reliance on corporate travel.",
    "6600|The Daily Ledger|Acme Air reinstates climate pledge after boycott backlash — The "
    "airline says it will publish yearly, independently checked progress.",
)
STATEMENTS = (
    "5700|demo-x|We hear you. Acme Air's climate commitment has not gone away, and we were wrong "
    "to change it in a footnote. Our CEO will meet Clear Skies Now this week.",
    "5730|demo-mastodon|We hear you. Acme Air was wrong to change its climate commitment in a "
    "footnote. Our CEO will meet the campaigners this week.",
    "6300|demo-x|Acme Air reinstates its 2030 climate pledge, with yearly independent reporting. "
    "The plan: https://example.com/acmeair/climate",
    "7800|demo-x|Thank you to everyone who spoke up. Acme Air's first climate progress report "
    "will be published in spring.",
)

STORY = Story(
    id="boycott",
    title="#BoycottAcmeAir over the climate pledge",
    streams=arc(
        28.0,
        ((ONSET, 0), (2100, 0.4), (3000, 0.9), (4500, 1.0), (5700, 0.8), (6300, 0.5)),
        loud_at=ONSET,
        replies=8.0,
        side=((3900, 0), (4500, 3), (5700, 3), (6300, 0)),
        recovery_at=6300.0,
    ),
    pools={
        "complaint": COMPLAINTS,
        "question": QUESTIONS,
        "reply": REPLIES,
        "side": PROTEST,
        "recovery": RECOVERY,
    },
    foreign=FOREIGN,
    loud_voice=("@clearskiesnow", 950_000),
    loud_at=ONSET,
    loud_posts=ACTIVIST_POSTS,
    loud_slots={"airport": "LHR"},
    loud_engagement=(52_000, 23_500, 6_100),
    news=NEWS,
    statements=STATEMENTS,
    tags=(" #ClimateLies", " 🔥", " 😡"),
)
