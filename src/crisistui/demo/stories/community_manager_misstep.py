"""The community-manager misstep: the brand account jokes at a grieving passenger, then deletes."""

from __future__ import annotations

from crisistui.demo.story import ONSET, Story, arc

COMPLAINTS = (
    "{b} replying 'Oops 🙃 bags love adventures' to a woman whose father's ashes were in her lost "
    "bag. Tone deaf doesn't cover it.",
    "Screenshot before they delete it: {b} joking about a dead man's ashes. Disgusting. 📸",
    "The {b} social team thought that reply was cute? Insensitive and cruel.",
    "Deleted tweet or not, we all saw it, {b}. Shameful.",
    "{h} delete this account. That reply was vile.",
    "Whoever runs {b} social should not be near a keyboard. Offensive and heartless.",
    "&lt;img&gt;screenshot.png&lt;/img&gt; Never forget what {b} said to a grieving daughter. "
    "Awful.",
    "{b} deleted the tweet and posted a flash sale 20 minutes later. Tone-deaf again. Unreal.",
    "Laughing emojis at someone's grief. {b}, that's offensive. Apologise to her.",
    "The {b} reply is the most insensitive brand post I've seen this year. Gross.",
    "How about finding her bag instead of joking, {b}? Tone deaf and useless.",
    "Everyone has the screenshot, {b}. Deleting it doesn't undo it. Disgraceful.",
    "So {b} mocks grieving customers now. Never flying with them again. Offensive.",
    "A flash sale right after that reply? {b} is the definition of tone-deaf. 🤦",
)
QUESTIONS = (
    "Did {b} really post that reply about the ashes? The screenshot looks real.",
    "Has {b} apologised to @noraflies yet?",
    "{h} was your account hacked or did someone really write that?",
    "Did anyone archive the deleted {b} tweet?",
    "Has {b} found her bag yet? That's what matters.",
)
COMEDIAN_POSTS = (
    "Airline social media tip: when a woman says her dad's ashes were in the bag you lost, do NOT "
    "reply 'Oops 🙃 bags love adventures'. Screenshot attached because {b} deleted it. 😶",
    "{b} has now deleted the tweet AND posted a flash sale. Offensive doesn't even begin to "
    "cover it.",
)
REPLIES = (
    "@dankowalski I can't believe {b} actually wrote that. So cruel.",
    "@dankowalski the deleted tweet is on every timeline now. {b} is done.",
    "RT @dankowalski: Airline social media tip... Screenshot attached because Acme Air deleted it.",
    "@dankowalski the {b} social team needs training, not a flash sale. Tone deaf.",
    "@dankowalski thank you for amplifying this. @noraflies deserves an apology from {b}.",
    "@dankowalski comedians shouldn't have to teach {b} basic empathy. Sad.",
)
BAG_SEARCH = (
    "Everyone at {airport}: look out for a blue suitcase, tag @noraflies. {b} won't help, we will.",
    "Don't pile on the junior {b} employee, pile on the company that let that reply go out.",
    "Crew friends at {b} are mortified about that post. Not their fault.",
    "People are combing lost and found at {airport} for @noraflies' bag. Faith in humanity, not "
    "in {b}.",
    "PR lesson of the year, courtesy of {b}: never post jokes from the support account.",
)
RECOVERY = (
    "{b} found @noraflies' bag and the CEO called her personally. That's right.",
    "The {b} apology was sincere, no excuses. Good.",
    "{b} paused its promo posts for the day. Sensible.",
    "Glad @noraflies got her dad home. Thank you {b} baggage team at {airport}.",
    "{h} replies sound human again today. Appreciated.",
)
FOREIGN = (
    "fr|neg|La réponse d'Acme Air à une cliente en deuil ? Choquant et indigne.",
    "fr|neg|Acme Air a supprimé son tweet mais tout le monde a la capture d'écran. Honteux.",
    "es|neg|Un comentario ofensivo de Acme Air a una mujer en duelo. Qué vergüenza.",
    "es|neg|Acme Air borró el tuit pero las capturas siguen circulando. Lamentable.",
    "de|neg|Geschmacklos: Acme Air macht Witze über die Asche eines Vaters.",
    "de|neg|Acme Air hat den Tweet gelöscht, aber der Screenshot ist überall. Peinlich.",
    "ja|neg|Acme Air の公式アカウント、遺灰の入った荷物をなくした人に"
    "「おっと🙃」と返信。ひどすぎる。",
    "ja|neg|Acme Air は削除したけど、スクショはもう拡散されている。",
    "zh|neg|Acme Air 官方账号居然拿别人父亲的骨灰开玩笑，太冷血了。",
    "zh|neg|Acme Air 删了推文也没用，截图早就传开了。",
    "ar|neg|رد Acme Air على امرأة فقدت رماد والدها كان مهينًا وقاسيًا.",
    "ar|neg|حذفت Acme Air التغريدة لكن لقطات الشاشة في كل مكان.",
    "he|neg|התגובה של Acme Air לאישה שאיבדה את האפר של אביה פוגענית ואכזרית.",
    "he|neg|Acme Air מחקה את הציוץ, אבל צילומי המסך בכל מקום.",
)
NEWS = (
    "2700|Metro Courier|Acme Air deletes 'tone-deaf' reply to grieving passenger — The airline's "
    "account answered a woman who lost her father's ashes with a joke.",
    "3300|The Daily Ledger|Acme Air post sparks outrage as screenshots spread — A flash sale "
    "posted minutes later added to the anger.",
    "4200|Business Gazette|Brand experts on the Acme Air reply: how not to run a support account "
    "— Who approves replies, and how fast mistakes are owned.",
    "5700|Travel Wire|Acme Air apologises, finds passenger's lost bag — The airline says its "
    "support replies will now be reviewed before posting.",
)
STATEMENTS = (
    "1500|demo-x|@noraflies Oops! 🙃 Bags love adventures too! Hang tight, we'll track it down "
    "✈️😂 #AcmeAir",
    "2460|demo-x|Flash sale! 48 hours only: fly Acme Air to Lisbon from €49 ✈️☀️",
    "4800|demo-x|We're deeply sorry, @noraflies. Our Acme Air reply was thoughtless and hurtful, "
    "and we deleted it without apologising, which made it worse. We are doing everything "
    "to find your bag.",
    "4830|demo-mastodon|We're sorry. An Acme Air reply to a grieving passenger was thoughtless "
    "and hurtful. We are doing everything to find her bag.",
    "4860|demo-x|We have paused all promotional posts from Acme Air accounts today.",
    "5700|demo-x|@noraflies Acme Air staff found your bag. It is on its way to you with one of our "
    "team. We are so sorry.",
    "8400|demo-x|Every Acme Air support reply is now written by a trained agent and checked "
    "before posting. We let you down and are changing how we work.",
)

STORY = Story(
    id="community-manager-misstep",
    title="A tone-deaf Acme Air reply",
    streams=arc(
        24.0,
        ((ONSET, 0), (2100, 0.3), (2700, 0.9), (3600, 1.0), (4800, 0.6)),
        loud_at=2100.0,
        replies=8.0,
        side=((3000, 0), (3600, 2.5), (5400, 2.5), (6000, 0)),
        recovery_at=5700.0,
    ),
    pools={
        "complaint": COMPLAINTS,
        "question": QUESTIONS,
        "reply": REPLIES,
        "side": BAG_SEARCH,
        "recovery": RECOVERY,
    },
    foreign=FOREIGN,
    loud_voice=("@dankowalski", 1_600_000),
    loud_at=2100.0,
    loud_posts=COMEDIAN_POSTS,
    loud_engagement=(88_000, 31_000, 9_400),
    news=NEWS,
    statements=STATEMENTS,
    tags=(" #AcmeAirFail", " 🤦", " 😡"),
)
