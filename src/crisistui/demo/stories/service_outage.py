"""The outage story (the demo): the Acme Air app and check-in go down for a morning."""

from __future__ import annotations

from crisistui.demo.story import Story, decay, scaled, shape, wave

COMPLAINTS = (
    "{b} app has been down for {minutes} minutes and I can't check in for {flight}. Ridiculous.",
    "Absolutely unacceptable. {b} check-in is broken and the line at {airport} is out the door.",
    "Worst airline experience ever. {b} website crashes every time I open my booking.",
    "Hey {h}, your app is dead, your website is dead and your phone line hangs up. Terrible.",
    "Stuck at {airport} because {b} can't print a boarding pass. So angry right now 😡",
    "{b} is a total mess today. Booking app down, no updates, no apologies. Awful.",
    "Missed my connection in {airport} thanks to {b}'s broken check-in. Furious.",
    "Been on hold with {b} for {hours} hours. Horrible customer service.",
    "I hate flying {b}. App down again and nobody at the desk knows anything.",
    "{b} outage is a disaster. Hundreds of us stuck at {airport} gate {gate}.",
    "Can't believe {b} still hasn't said a word about the outage. Pathetic.",
    "My {time} flight {flight} is boarding and {b} check-in is still dead. Awful.",
    "Paid {amount} for a seat on {b} and can't even check in. What a joke, terrible company.",
    "{b} why is your app broken?? Ridiculous that nobody is fixing this.",
    "Dear {h}: your booking system failing on a weekday morning is unacceptable. Fix it.",
    "Shoutout to {b} for ruining my trip to {city}. Seriously the worst.",
    "Two hours in the {airport} check-in line because {b} systems crashed. Miserable.",
    "{b} customer service chat says 'try again later'. Useless. Absolutely useless.",
    "My kids are exhausted and {b} can't tell us anything. Disgraceful.",
    "The {b} app just shows an error screen. Frustrating beyond words.",
    "If {b} doesn't refund {flight} I'm filing a complaint. This is awful.",
    "{b} cancelled my seat because check-in failed?! Outrageous.",
    "Never flying {b} again. Broken app, rude staff, zero answers.",
    "So sick of {b} excuses. Check-in down for {hours} hours now.",
    "Gate agent at {airport} says {b} systems are 'down everywhere'. Terrible planning.",
    "{b} status page says all systems operational. Liar. Nothing works.",
    "{b} just lost my booking for {flight}. I'm panicking. This is a horrible mess.",
    "Unreal, {b}: a whole morning of outages and zero posts. Shameful.",
    "Another hour, another error from the {b} app. I am so done with this awful airline.",
    "&lt;rant&gt; {b} check-in is broken, the kiosk is broken, my patience is broken &lt;/rant&gt;",
    "Sitting on the floor at {airport} because {b} can't board anyone. Unbelievably bad.",
    "{b} support: 'we are experiencing high call volumes'. Obviously. Pathetic, useless response.",
    "The {b} outage made me miss my sister's wedding in {city}. Heartbroken and angry.",
    "Thanks for nothing {b}. Stranded in {city} with no hotel and no help.",
    "Is anyone at {b} awake? Check-in broken for {hours} hours. Terrible.",
    "Flight {flight} delayed again because {b} systems are down. Ridiculous.",
    "{b} just charged me {amount} twice and the app crashed. Furious.",
    "Do not fly {b} today. Total chaos at {airport}. Avoid.",
    "Terrible, terrible day with {b}. {hours} hours at the airport and still no boarding pass.",
    "{b} has the worst IT on the planet. Down again. Again no updates.",
    "The queue at the {b} desk at {airport} is insane and staff are as lost as we are. Awful.",
    "I'm a {b} gold member and I'm treated like garbage today. Disappointed.",
    "The {b} app crashed mid-payment. Now I don't know if I have a seat. Stressful mess.",
    "Absolute incompetence from {b}. No check-in, no info, no apology.",
    "{b} outage + no staff at {airport} = disaster. Shame on you.",
    "My elderly mum is stuck at {airport} because {b} can't check her in. Disgusting.",
    "{b} cancelled {flight} and the rebooking page is broken. Can't make this up. Terrible.",
    "Stop telling me to use the app {h}, THE APP IS DOWN. Ridiculous.",
    "{b} said 'we apologise for any inconvenience' and went silent for {hours} hours. Insulting.",
    "Worst {b} experience in 10 years of flying with them. Truly awful day.",
    "Hey {h}, when will check-in work again? Waiting since {time}. Angry and tired.",
    "Lost a whole day of vacation because of {b}. I want my money back. Terrible.",
    "{b} kiosks at {airport} frozen on an error. Staff shrug. Unacceptable.",
    "Pity anyone flying {b} today, it's a complete failure everywhere.",
    "Boarding pass won't load, bag drop closed, {b} hotline dead. Hopeless.",
    "{b} lost my reservation in the outage and now wants {amount} to rebook. Scam.",
    "{b}'s crisis handling is a joke. Zero communication. Embarrassing.",
    "Watching {b} melt down from gate {gate} at {airport}. Sad and ridiculous.",
    "<b>DO NOT</b> book with {b} this week. Broken systems, awful service.",
    "{b} owes every passenger at {airport} an apology. Horrible day.",
    "I've been refreshing the {b} app for {minutes} minutes. Still broken. Hate this.",
    "The {b} outage is costing me a job interview in {city}. Devastated.",
    "{b} hold music for {hours} hours straight. I'm losing my mind. Worst service.",
    "Poor crew at {airport} getting yelled at because {b} management failed them. Awful.",
    "{b} check-in broken &amp; customer service unreachable. Terrible combo.",
)
QUESTIONS = (
    "Is the {b} app down for anyone else?",
    "Anyone at {airport} know if {b} desks are checking people in manually?",
    "{h} is there an ETA for check-in? Flight {flight} at {time}.",
    "{b} status page still says operational. Is there another place to check?",
    "Heads up: {b} kiosks at {airport} are offline, go to desk {desk}.",
    "Does {b} rebook automatically if you miss a flight because of the outage?",
    "{h} DM sent with my booking reference for {flight}.",
    "{b} check-in shows error code 503 on both app and website.",
)
INFLUENCER_POSTS = (
    "{h} I have 1.2M people watching this: {hours} hours stuck at {airport}, app dead, zero "
    "staff, my connection to {city} gone. The WORST airline experience of my life. Absolutely "
    "unacceptable. 😡 #AcmeAir",
    "Update: still no word from {h}. Three families next to me missed their flights and nobody "
    "cares. Disgraceful. Repost if Acme Air left you stranded today.",
)
REPLIES = (
    "Same here @jetsetjules, stuck at {airport} with no help from {h}. Awful.",
    "This. {h} is treating everyone terribly today. 👆 RT @jetsetjules",
    "@jetsetjules {h} so sorry Jules, they did the same to us at {airport}. Horrible.",
    "When even @jetsetjules is stranded you know {b} messed up badly.",
    "Quoting @jetsetjules: {b} really is the worst right now. Solidarity from gate {gate}.",
    "@jetsetjules thank you for saying it. {b} has ignored my complaints for {hours} hours. Sad.",
    "RT @jetsetjules: {h} I have 1.2M people watching this... Absolutely unacceptable.",
    "Jules is right. #AcmeAir should be ashamed.",
    "{h} a 1.2M follower creator is furious with you and you still say nothing? Pathetic.",
    "{b} ruined @jetsetjules's trip and mine too. Terrible airline.",
    "@jetsetjules the {b} desk in terminal 2 was useless for us too. Awful.",
    "Imagine being on {b}'s social team right now. @jetsetjules just torched them. Brutal.",
)
BOYCOTT = (
    "That's it. #BoycottAcmeAir until they refund everyone. {h} you're a disgrace.",
    "#BoycottAcmeAir is trending and honestly Acme Air earned every bit of this anger.",
    "Cancelled my Acme Air credit card today. Sick of them. #BoycottAcmeAir",
    "Acme Air treats customers horribly. Join the #BoycottAcmeAir",
    "Never again, Acme Air. Terrible company. #BoycottAcmeAir #travel",
    "#BoycottAcmeAir because {h} thinks silence is a strategy. Shameful.",
    "Moving my company's travel away from Acme Air. Done with the disrespect. #BoycottAcmeAir",
    "Told my whole family: #BoycottAcmeAir. Acme Air does not deserve our money, terrible people.",
    "Repost if you're sick of Acme Air. #BoycottAcmeAir",
    "#BoycottAcmeAir - stranded, ignored and angry. Acme Air's silence is awful.",
    "Acme Air had one job and failed. #BoycottAcmeAir",
    "Deleting the Acme Air app forever, worst airline. #BoycottAcmeAir 👋",
)
RUMOURS = (
    "BREAKING: Acme Air is cancelling ALL flights permanently, a friend who works there says "
    "the company is finished. Terrible news.",
    "Hearing the Acme Air CEO was arrested this morning, that's why the systems are down. Crazy.",
    "Acme Air going bankrupt tonight?? My cousin at {airport} says all flights cancelled forever.",
    "Rumour: Acme Air CEO arrested for fraud, whole airline grounded. Get your money out now!",
    "Unconfirmed but Acme Air is shutting down permanently. Avoid booking anything, scary and sad.",
    "So the Acme Air outage is actually a police raid? CEO arrested, flights cancelled for good?",
    "Acme Air grounded for good, my travel agent just told me. Cancel your trips, disaster.",
    "Reports say {h} is being shut down by regulators and the CEO is in custody 😱",
)
DEBUNKS = (
    "No, Acme Air is NOT shutting down and the CEO was not arrested. It's an IT outage. Please "
    "stop sharing that rumour.",
    "Fact check: the 'Acme Air CEO arrested' post is fake. The source is a parody account.",
    "Acme Air flights are still operating, only check-in is broken. Don't cancel over a rumour.",
    "Checked with the airport: Acme Air flights are departing. 'Cancelled permanently' is false.",
    "Misinformation alert: nothing about Acme Air going bankrupt is true. Outage yes, shutdown no.",
    "People, the Acme Air CEO arrest screenshot is photoshopped. Look at the date.",
    "Acme Air shutdown rumour debunked by {outlet}. It's an outage, not the end of the airline.",
    "Please don't spread the Acme Air shutdown nonsense, it's causing panic at {airport}.",
)
RECOVERY = (
    "Check-in working again! Thanks {h} for the quick fix.",
    "Got my refund confirmation from {b} already. Appreciate it.",
    "Credit where it's due, the {b} apology was sincere and the voucher is generous.",
    "{b} app is back. Boarding pass in hand, heading to gate {gate}. Relieved!",
    "Thank you {b} crew at {airport}, you were amazing under pressure today.",
    "Rebooked on {flight} free of charge. Thanks {h}, good recovery.",
    "Finally on my way to {city}. {b} staff were kind throughout. 🙏",
    "{b} handled the refund in minutes. Good customer service in the end.",
    "Glad {b} owned the mistake. Happy to fly with them again.",
    "Nice to see {b} back up. Great work by the team fixing it.",
    "Just landed in {city} with {b}, smooth flight after a rough day. Thanks!",
    "The {b} status page updates were clear and helpful. Well done.",
)
# "lang|neg|text": natural sentences that keep the Latin brand term, spaced off from CJK
FOREIGN = (
    "fr|neg|L'appli Acme Air est en panne, impossible de m'enregistrer pour le vol {flight}. "
    "C'est inadmissible.",
    "fr|neg|Trois heures d'attente à {airport} et aucune information d'Acme Air. Scandaleux.",
    "fr|neg|@AcmeAir votre site ne marche plus, je vais rater mon vol {flight}. Remboursez-moi !",
    "es|neg|La app de Acme Air lleva horas caída y no puedo hacer el check-in del vuelo {flight}. "
    "Es una vergüenza.",
    "es|neg|Atrapados en {airport} sin ninguna explicación de @AcmeAir. Pésimo servicio.",
    "es|neg|Acme Air, ¿me van a devolver el dinero del vuelo {flight}? Llevo {hours} horas "
    "esperando.",
    "de|neg|Die App von Acme Air ist komplett ausgefallen, Check-in für {flight} unmöglich. "
    "Einfach nur ärgerlich.",
    "de|neg|Seit {hours} Stunden am Flughafen {airport} und @AcmeAir sagt kein Wort. Unfassbar.",
    "de|neg|Acme Air, wo bleibt die Erstattung für Flug {flight}? So geht man nicht mit Kunden um.",
    "ja|neg|Acme Air のアプリが落ちていてチェックインできない。{flight}便に間に合うか不安。",
    "ja|neg|{airport}で{hours}時間も待たされているのに、Acme Air から何の案内もない。ひどすぎる。",
    "ja|neg|@AcmeAir {flight}便の返金はいつになるんですか？もう何度も問い合わせています。",
    "zh|neg|Acme Air 的应用程序一直打不开，{flight} 航班根本没法值机，太糟糕了。",
    "zh|neg|在{airport}机场等了{hours}个小时，@AcmeAir 连一个通知都没有。",
    "zh|neg|Acme Air 什么时候给 {flight} 退款？客服电话一直打不通。",
    "ar|neg|تطبيق Acme Air متوقف منذ ساعات ولا أستطيع تسجيل الوصول لرحلتي {flight}. هذا غير مقبول.",
    "ar|neg|عالقون في مطار {airport} منذ ساعات ولا توجد أي معلومات من @AcmeAir.",
    "he|neg|האפליקציה של Acme Air קרסה ואני לא מצליח לעשות צ'ק-אין לטיסה {flight}. פשוט מביש.",
    "he|neg|תקועים בשדה התעופה {airport} כבר כמה שעות ואין שום עדכון מ-@AcmeAir.",
)
# "offset_s|outlet|headline — summary"
NEWS = (
    "3600|Travel Wire|Acme Air outage strands thousands as check-in systems fail — Passengers at "
    "{airport} and other hubs report hours-long queues after the airline's app went dark.",
    "3660|The Daily Ledger|Travellers vent fury as Acme Air app and website go dark — Social "
    "media fills with complaints; the airline has not yet commented.",
    "3780|Metro Courier|Acme Air passengers stuck for hours at {airport} after IT failure — "
    "Families describe sleeping on terminal floors &amp; missed connections.",
    "3900|Aviation Brief|<b>Acme Air</b> check-in failure: what we know so far — Kiosks, bag "
    "drop and the mobile app are affected; flights are still departing.",
    "4080|Business Gazette|Influencer's viral post puts Acme Air outage in the spotlight — A "
    "post by travel creator @jetsetjules has been shared tens of thousands of times.",
    "5000|The Daily Ledger|Calls to #BoycottAcmeAir spread as Acme Air outage drags on — The "
    "hashtag trends nationally while the airline stays silent.",
    "5300|Travel Wire|Acme Air boycott calls grow; rival Zephyr Airlines sees bookings rise — "
    "Travel agents report customers switching carriers for this week's trips.",
    "5520|Aviation Brief|Fact check: Acme Air is not shutting down, CEO not arrested — Claims "
    "circulating online are false; the airline faces an IT outage, not a shutdown.",
    "5700|Business Gazette|Acme Air shares slide as outage drags on — Analysts warn of refund "
    "costs and reputational damage.",
    "6780|The Daily Ledger|Acme Air apologises, promises refunds after outage chaos — The airline "
    "says an IT failure caused the disruption and that flights kept operating.",
    "7560|Travel Wire|Acme Air says systems restored; airline to waive change fees — Passengers "
    "can rebook free of charge or claim a refund &amp; travel voucher.",
    "9000|Metro Courier|Acme Air flights back to normal after outage, airline says — Queues at "
    "{airport} have cleared, according to airport staff.",
)
# "offset_s|source|text" posted by the brand's own account
STATEMENTS = (
    "6600|demo-x|We're sorry. An IT failure has affected Acme Air check-in and booking. Our teams "
    "are working on it and flights are operating. Updates: https://status.example.com/acmeair",
    "6630|demo-mastodon|We're sorry. An IT failure has affected Acme Air check-in and booking. "
    "Flights are operating. Updates: https://status.example.com/acmeair",
    "6660|demo-x|Acme Air is NOT ceasing operations and our CEO has not been arrested. This is a "
    "technical outage only. Please rely on our official channels.",
    "6960|demo-x|Update: Acme Air check-in is coming back online at most airports. If you missed "
    "a flight, you can rebook free of charge.",
    "7500|demo-x|All Acme Air systems are restored. Every affected passenger gets a full refund "
    "or free rebooking, plus a travel voucher: https://example.com/acmeair/refunds",
    "7530|demo-mastodon|All Acme Air systems are restored. Refunds and free rebooking: "
    "https://example.com/acmeair/refunds",
    "8400|demo-x|Thank you for your patience today. Acme Air will publish a full review of what "
    "went wrong. We're sorry we let you down.",
    "9600|demo-x|Acme Air operations are back to normal. Our status page stays live at "
    "https://status.example.com/acmeair",
)

INFLUENCER_AT, RESPONSE_AT = 2700.0, 6600.0
# outage complaints per minute: fast ramp from the onset, plateau, decay after the response
COMPLAINT_RATE = wave(((1500, 0), (2100, 18), (3600, 40), (5400, 40), (6600, 22)), 600.0)

STORY = Story(
    id="service-outage",
    title="Acme Air outage",
    streams={
        "calm": (0.5, lambda t: 3.5),
        "rival": (0.5, lambda t: 1.1),
        "complaint": (1.0, COMPLAINT_RATE),
        "question": (0.4, scaled(COMPLAINT_RATE, 0.07)),
        "reply": (1.5, decay(INFLUENCER_AT, 7.0, 500.0)),
        "boycott": (2.0, shape(((4500, 0), (4900, 9), (5600, 9), (6300, 1), (6600, 0)))),
        "rumour": (3.0, shape(((4800, 0), (5100, 4), (5700, 2), (6300, 0)))),
        "debunk": (1.2, shape(((5100, 0), (5500, 3), (6600, 2), (7200, 0)))),
        "switch": (0.6, shape(((2700, 0), (3600, 1.5), (6600, 1.5), (7800, 0)))),
        "recovery": (0.8, decay(6900.0, 3.0, 1800.0)),
    },
    pools={
        "complaint": COMPLAINTS,
        "question": QUESTIONS,
        "reply": REPLIES,
        "boycott": BOYCOTT,
        "rumour": RUMOURS,
        "debunk": DEBUNKS,
        "recovery": RECOVERY,
    },
    foreign=FOREIGN,
    foreign_gripes=FOREIGN,  # the demo's calm gripes in other languages are about the app too
    loud_voice=("@jetsetjules", 1_200_000),
    loud_at=INFLUENCER_AT,
    loud_posts=INFLUENCER_POSTS,
    loud_slots={"hours": "3", "airport": "JFK"},
    news=NEWS,
    statements=STATEMENTS,
    tags=(" #fail", " #AcmeAirDown", " 😤"),
)
