"""The executive-misconduct story: staff sue Acme Air's CEO for harassment; the news leads."""

from __future__ import annotations

from crisistui.demo.story import ONSET, Story, arc

COMPLAINTS = (
    "The {b} CEO scandal is disgusting. How did the board let this go on for years?",
    "Harassment allegations against the {b} CEO and the company says 'no comment'. Shameful.",
    "Read the lawsuit. Staff at {b} were terrified of him. Sickening.",
    "{h} suspend your CEO while the harassment claims are investigated. Now. Disgraceful.",
    "Not flying {b} while that man runs it. Scandal after scandal. Disgusting.",
    "Flight attendants deserve better than a CEO accused of harassment. Shame on {b}.",
    "The {b} board knew about the complaints since 2022, says the lawsuit. Appalling.",
    "&lt;quote&gt;a culture of fear&lt;/quote&gt; — that's {b} under this CEO. Horrible.",
    "Every {b} ad about 'caring crew' is a joke after this scandal. Hypocrites.",
    "The {b} CEO's 'apology' email to staff leaked and it's worse than silence. Awful.",
    "Solidarity with the {b} crew who spoke up. The harassment they describe is vile.",
    "{b} CEO scandal + silence from {h} = I'm done. Terrible leadership.",
    "How is the {b} CEO still in charge after a harassment lawsuit from 12 employees? Disgraceful.",
    "And the lawsuit mentions expense fraud too. {b}, what a rotten mess.",
    "Cancelled {flight}. I won't fund a {b} that protects its CEO over its crew. Shameful.",
)
QUESTIONS = (
    "Has {b} said anything about the CEO lawsuit yet?",
    "Who's on the {b} board? Asking for everyone following the scandal.",
    "Is the {b} CEO on leave or not? Conflicting reports.",
    "{h} will there be an independent investigation into the harassment claims?",
    "Does the {b} scandal affect flights at all or just the management?",
)
JOURNALIST_POSTS = (
    "NEW: 12 current and former {b} employees have filed a lawsuit accusing CEO Richard Vance of "
    "harassment and retaliation. We've seen the documents and heard the recordings. 🧵",
    "The lawsuit says the {b} board received written complaints in 2022 and took no action. {h} "
    "has not answered our questions.",
    "Update: two {b} board members have asked for an emergency meeting, sources tell me.",
)
REPLIES = (
    "@dana_reports brave reporting. The {b} board has to act.",
    "@dana_reports I worked for {b} ten years. None of this surprises me. Sad.",
    "RT @dana_reports: NEW: 12 current and former Acme Air employees have filed a lawsuit...",
    "@dana_reports the recordings are horrifying. {h} suspend him.",
    "@dana_reports thank you for believing the {b} crew. This scandal is huge.",
    "After @dana_reports' thread, I'm cancelling my {b} booking to {city}. Disgusted.",
)
STAFF_VOICES = (
    "Flight attendants' union: 'We stand with our {b} colleagues who came forward.'",
    "As a {b} pilot: the crew are heartbroken and angry. Please be kind to us at the gate.",
    "{b} staff wearing ribbons on {flight} today for the colleagues in the lawsuit. 💜",
    "Petition for an independent investigation at {b}: 60k signatures in three hours.",
    "Investors demanding answers from {b} on the CEO scandal. Shares sliding.",
    "Former {b} HR manager on the radio: complaints were 'filed and forgotten'. Terrible.",
)
RECOVERY = (
    "{b} suspended the CEO and appointed an independent investigator. Right move.",
    "Good to see {b} put the crew first in its statement. Thank you.",
    "Credit to the {b} board for finally acting. A fair process now, please.",
    "The interim {b} CEO's message to staff was honest and humane. Respect.",
    "Still flying {b}: the crew were never the problem. Lovely flight to {city} today.",
)
FOREIGN = (
    "fr|neg|Scandale chez Acme Air : le PDG accusé de harcèlement par douze salariés. Honteux.",
    "fr|neg|Acme Air doit suspendre son PDG. Ce harcèlement est révoltant.",
    "es|neg|Escándalo en Acme Air: el CEO acusado de acoso por doce empleados. Vergonzoso.",
    "es|neg|Acme Air sigue sin decir nada sobre el acoso. Qué asco.",
    "de|neg|Skandal bei Acme Air: dem Chef wird Belästigung vorgeworfen. Widerlich.",
    "de|neg|Acme Air schweigt zu den Vorwürfen gegen den CEO. Beschämend.",
    "ja|neg|Acme Air の CEO がハラスメントで訴えられたなんて、ひどい話。",
    "ja|neg|Acme Air は CEO の問題をいつ説明するの？",
    "zh|neg|Acme Air 首席执行官被十二名员工起诉骚扰，太恶心了。",
    "zh|neg|Acme Air 对首席执行官丑闻一言不发，令人失望。",
    "ar|neg|فضيحة في Acme Air: الرئيس التنفيذي متهم بالتحرش من قبل اثني عشر موظفًا.",
    "ar|neg|لماذا تصمت Acme Air عن اتهامات رئيسها التنفيذي؟ مخجل.",
    "he|neg|שערורייה ב-Acme Air: המנכ״ל מואשם בהטרדה על ידי שנים עשר עובדים.",
    "he|neg|Acme Air שותקת על ההאשמות נגד המנכ״ל. מביש.",
)
NEWS = (
    "1560|The Daily Ledger|Acme Air CEO accused of harassment in employee lawsuit — Twelve "
    "current and former staff allege years of harassment and retaliation; the airline declined "
    "to comment.",
    "2400|Business Gazette|Acme Air shares fall as CEO harassment lawsuit widens — Two more "
    "former employees have joined the case.",
    "3000|Travel Wire|Acme Air crews 'heartbroken' as CEO scandal grows, union says — Cabin "
    "crew ask passengers for patience.",
    "3900|Metro Courier|Recordings in Acme Air lawsuit reveal 'culture of fear' — Staff describe "
    "shouting, threats and retaliation.",
    "4800|Aviation Brief|Acme Air board calls emergency meeting over CEO scandal — A decision is "
    "expected today.",
    "6300|The Daily Ledger|Acme Air suspends CEO, appoints independent investigator — Chief "
    "operating officer Amara Osei steps in as interim chief executive.",
)
STATEMENTS = (
    "4800|demo-x|Acme Air takes the allegations in the lawsuit seriously. Our board is meeting "
    "today and we will update here.",
    "6000|demo-x|The Acme Air board has placed our CEO on leave, effective immediately, and "
    "appointed an independent investigator. Amara Osei is interim CEO.",
    "6030|demo-mastodon|The Acme Air board has placed our CEO on leave and appointed an "
    "independent investigator.",
    "6600|demo-x|To the Acme Air crew and staff: we are sorry you were not heard. Anyone can speak "
    "to the independent investigator in confidence: https://example.com/acmeair/speakup",
    "9000|demo-x|Acme Air will publish the investigator's findings and what changes as a result.",
)

STORY = Story(
    id="executive-misconduct",
    title="Acme Air CEO harassment lawsuit",
    streams=arc(
        24.0,
        ((ONSET, 0), (2100, 0.5), (3000, 0.9), (4500, 1.0), (6000, 0.6)),
        1200.0,
        loud_at=ONSET,
        replies=6.0,
        side=((2700, 0), (3300, 3), (5400, 3), (6300, 0)),
        recovery_at=6300.0,
    ),
    pools={
        "complaint": COMPLAINTS,
        "question": QUESTIONS,
        "reply": REPLIES,
        "side": STAFF_VOICES,
        "recovery": RECOVERY,
    },
    foreign=FOREIGN,
    loud_voice=("@dana_reports", 380_000),
    loud_at=ONSET,
    loud_posts=JOURNALIST_POSTS,
    loud_engagement=(18_900, 8_700, 2_900),
    news=NEWS,
    statements=STATEMENTS,
    tags=(" #AcmeAirCEO", " #MeToo", " 😡"),
)
