"""The influencer-backlash story: a creator ends her Acme Air partnership over a hush deal."""

from __future__ import annotations

from crisistui.demo.story import ONSET, Story, arc

COMPLAINTS = (
    "{b} tried to buy an influencer's silence with a sponsored deal? Disgusting.",
    "So every {b} #ad I've seen was paid praise while they wreck wheelchairs. Gross.",
    "Unfollowing every {b} partnership account. Shameful behaviour.",
    "@mayamoves ended her {b} partnership and good for her. {b} should be ashamed.",
    "{b} wrecked a disabled woman's wheelchair, then offered her more sponsored posts to hide it. "
    "Vile.",
    "Never trusting another {b} sponsored post. Liars.",
    "&lt;sponsored&gt;{b} cares about you&lt;/sponsored&gt; lol. Pathetic.",
    "{h} you don't treat an influencer with 3M followers like this and expect silence. Awful.",
    "Imagine how {b} treats wheelchair users who aren't influencers. Horrifying.",
    "The {b} influencer programme is a PR machine to bury complaints. Disgraceful.",
    "The {b} marketing team thought a partnership extension would make this go away? Clueless "
    "and cruel.",
    "Maya's video about {b} made me cry. Terrible airline.",
    "Another creator just quit her {b} partnership in solidarity. Good. {b} deserves this.",
    "A sponsored trip, a wrecked wheelchair and a hush offer. {b}, you're a disgrace. 💔",
    "Every {b} #ad from now on gets a screenshot of Maya's chair in the replies. Shameful.",
)
QUESTIONS = (
    "Is {b} still doing influencer partnerships after this?",
    "Did {b} really ask @mayamoves to take the video down? Source?",
    "{h} what happened to Maya's wheelchair on {flight}?",
    "Which other creators have {b} sponsored deals? Asking to unfollow.",
    "How does {b} handle wheelchairs on {flight}? Flying with my dad next week.",
)
CREATOR_POSTS = (
    "I've been an {b} partner for two years. On {flight} they wrecked my wheelchair, then "
    "offered to extend my sponsored partnership if I took my video down. No. I'm ending the "
    "partnership today. 💔",
    "For the record: {b} never said whether other wheelchair users get help. They only asked "
    "about my #ad schedule. That says it all.",
)
REPLIES = (
    "@mayamoves so proud of you for saying no to {b}. ❤️",
    "@mayamoves unfollowed {b} everywhere. Disgusting how they treated you.",
    "RT @mayamoves: I've been an Acme Air partner for two years...",
    "@mayamoves my mum's wheelchair came back damaged from {b} too. Nobody cared.",
    "@mayamoves {b} should replace your chair and apologise publicly. Shameful.",
    "@mayamoves this is why influencer deals need disclosure rules. {b} is the worst.",
    "Everyone please watch @mayamoves' video before booking {b}. Heartbreaking.",
    "@mayamoves the {b} reply under your video is so cold. Awful.",
)
SOLIDARITY = (
    "I'm also ending my sponsored content with {b}. Solidarity with @mayamoves.",
    "Disability advocates ask {b} to publish its wheelchair damage numbers. Fair question.",
    "Creators dropping {b} partnerships one by one today. 📉",
    "Travel bloggers: pause your {b} #ad posts until they make this right.",
    "{b} wheelchair damage stories thread. Add yours. ♿",
)
RECOVERY = (
    "{b} replaced Maya's wheelchair and apologised publicly. Good first step.",
    "Good: {b} will publish its wheelchair damage figures monthly.",
    "The new {b} accessibility team answered my question about {flight} in minutes. Thanks.",
    "Credit to {h} for the honest apology to @mayamoves.",
    "{b} crew at {airport} were brilliant with my dad's wheelchair today. Thank you!",
)
FOREIGN = (
    "fr|neg|Acme Air voulait acheter le silence d'une créatrice avec un contrat sponsorisé. Aucun "
    "influenceur ne devrait accepter ça.",
    "fr|neg|Fauteuil roulant détruit par Acme Air, et on lui propose plus de pubs. Honteux.",
    "es|neg|Acme Air rompió la silla de ruedas de una influencer y le ofreció contenido "
    "patrocinado para callarla. Vergonzoso.",
    "es|neg|Dejo de seguir a Acme Air. Lo de @mayamoves es indignante.",
    "de|neg|Acme Air wollte eine Influencerin mit einem Sponsoring-Deal zum Schweigen bringen. "
    "Widerlich.",
    "de|neg|Rollstuhl zerstört und dann mehr bezahlte Posts angeboten? Schäm dich, Acme Air.",
    "ja|neg|Acme Air が車椅子を壊したうえに、インフルエンサーに動画の削除を頼んだなんて最低。",
    "ja|neg|@mayamoves の動画を見て、Acme Air には二度と乗らないと決めた。",
    "zh|neg|Acme Air 弄坏了网红的轮椅，还想用赞助合作让她删视频，太恶心了。",
    "zh|neg|看了 @mayamoves 的视频，再也不坐 Acme Air 了。",
    "ar|neg|حطمت Acme Air كرسي مؤثرة مشهورة ثم عرضت عليها عقد رعاية لحذف الفيديو. مخجل.",
    "ar|neg|لن أسافر مع Acme Air بعد ما فعلوه مع @mayamoves.",
    "he|neg|Acme Air הרסה כיסא גלגלים של משפיענית והציעה לה חסות כדי שתמחק את הסרטון. מביש.",
    "he|neg|אחרי הסרטון של @mayamoves, אני לא טס יותר עם Acme Air.",
)
NEWS = (
    "2400|Travel Wire|Influencer ends Acme Air partnership, says airline offered deal to bury "
    "wheelchair video — Creator Maya Moves has 3.1M followers.",
    "3000|The Daily Ledger|Acme Air under fire after wheelchair damage video goes viral — The "
    "airline has not commented on the creator's claims.",
    "3900|Business Gazette|More creators drop Acme Air sponsored deals — Marketing experts call "
    "the hush offer 'a textbook mistake'.",
    "4800|Metro Courier|Disability groups call on Acme Air to publish wheelchair damage data — "
    "Campaigners say damaged chairs are common and rarely reported.",
    "6600|The Daily Ledger|Acme Air apologises to influencer, replaces wheelchair, reviews "
    "partnership rules — The airline paused all sponsored content.",
)
STATEMENTS = (
    "5700|demo-x|@mayamoves Acme Air is sorry. We damaged your wheelchair and then handled it "
    "badly. Asking you to take your video down was wrong. We are replacing your chair today.",
    "5730|demo-mastodon|We are sorry to @mayamoves. Acme Air damaged her wheelchair and asking "
    "her to take her video down was wrong.",
    "6300|demo-x|Acme Air is pausing all sponsored creator content while we review how our "
    "partnerships are run. Wheelchair damage figures will be published monthly: "
    "https://example.com/acmeair/accessibility",
    "8400|demo-x|Acme Air's new accessibility team is here for anyone flying with a wheelchair: "
    "https://example.com/acmeair/accessibility",
)

STORY = Story(
    id="influencer-backlash",
    title="A creator ends her Acme Air partnership",
    streams=arc(
        20.0,
        ((ONSET, 0), (1800, 0.7), (2700, 1.0), (4200, 0.8), (5700, 0.5)),
        loud_at=ONSET,
        replies=14.0,
        side=((3000, 0), (3600, 3), (5400, 3), (6000, 0)),
        recovery_at=6000.0,
    ),
    pools={
        "complaint": COMPLAINTS,
        "question": QUESTIONS,
        "reply": REPLIES,
        "side": SOLIDARITY,
        "recovery": RECOVERY,
    },
    foreign=FOREIGN,
    loud_voice=("@mayamoves", 3_100_000),
    loud_at=ONSET,
    loud_posts=CREATOR_POSTS,
    loud_slots={"flight": "AC 2210"},
    loud_engagement=(182_000, 64_000, 21_000),
    news=NEWS,
    statements=STATEMENTS,
    tags=(" #JusticeForMaya", " 💔", " 😡"),
)
