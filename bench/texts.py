"""What the synthetic mentions say, so trigger terms occur where they would in real traffic.

A brand's everyday complaints already hold crisis words: people grumble about refunds, hold
music, a broken seat screen or an app error every day, and a detector that pages on those words
alone is useless. Harmless bursts hold them too (a competitor's outage or recall in the news
lifts 'outage' or 'recall' among every kind of mention), while a crisis fills its negatives with
its own type's words. The texts below follow the demo scenario's voice (an airline) and are
matched by the pipeline's own ``TriggerMatcher`` with the built-in terms, so ``Mention.triggers``
holds exactly what ingestion would have stored.
"""

from __future__ import annotations

import random
from functools import lru_cache

from crisistui.config.triggers import effective_triggers
from crisistui.pipeline.triggers import TriggerHit, TriggerMatcher

MATCHER = TriggerMatcher(effective_triggers({}))

_SLOTS: dict[str, tuple[str, ...]] = {
    "airport": ("JFK", "LHR", "CDG", "FRA", "MAD", "AMS", "BCN", "ORD"),
    "city": ("Lisbon", "Berlin", "Madrid", "Chicago", "Rome", "Dublin", "Oslo"),
    "flight": ("AA101", "AA212", "AA330", "AA417", "AA598", "AA760"),
    "minutes": ("20", "35", "45", "50", "90"),
    "hours": ("2", "3", "4"),
    "weeks": ("two", "three", "six"),
    "amount": ("$60", "$85", "$120", "$240"),
    "gate": ("B12", "C4", "D31", "A7"),
}
_FIXED = {"b": "Acme Air", "h": "@AcmeAir", "bt": "AcmeAir", "rival": "Globex Air"}

# -- everyday traffic --------------------------------------------------------------------

CALM_NEGATIVE: tuple[tuple[float, tuple[str, ...]], ...] = (
    # (weight, texts): most gripes hold no trigger term ...
    (
        58.0,
        (
            "{b} legroom on {flight} is terrible. My knees hate me.",
            "Why is {b} coffee always so awful?",
            "Delayed {minutes} minutes out of {airport} on {b}. Annoying.",
            "{b} charged me {amount} for a checked bag. Ridiculous fees.",
            "Sat on the tarmac at {airport} for {minutes} minutes, {b}. Frustrating.",
            "The {b} wifi is useless as always.",
            "{b} boarding at {airport} is chaotic and slow. Not impressed.",
            "Lost my seat selection on {b} again. Annoying.",
            "Ugh, {b} changed my flight time again. So annoying.",
            "{b} gate agent was pretty rude this morning. Disappointing.",
            "Middle seat on {b} again, of course. Miserable.",
            "{b} lost my bag at {airport}. Great start to the trip.",
        ),
    ),
    # ... but many hold everyday crisis words.
    (
        16.0,
        (
            "Still waiting for my refund from {b}, {weeks} weeks now.",
            "On hold with {b} for {minutes} minutes. Again.",
            "{b} customer service is so slow lately. Annoying.",
            "Emailed {b} twice about my bag, no response. Frustrating.",
            "{b} customer support chat keeps closing on me. Useless.",
            "Asked {b} for compensation for the delay, got a voucher. Meh.",
        ),
    ),
    (
        12.0,
        (
            "{b} app logged me out again, error on the seat map. Irritating.",
            "Seat-back screen broken on {b} {flight}. Long boring flight.",
            "Cold food and a broken seat on {b} {flight}. Bad day.",
            "The {b} website is not working for seat changes. Annoying.",
            "The {b} app crashed when I tried to add a bag. Ugh.",
        ),
    ),
    (2.0, ("Faulty headphone jack at my seat on {b} {flight}. Annoying.",)),
    (2.0, ("That 'free {b} flights' giveaway is fake, stop sharing it. Scammy nonsense.",)),
    (1.0, ("{b} bag fees are basically fraud. Awful.",)),
    (1.0, ("Honestly I'd boycott {b} if there were any other option at {airport}. Sad.",)),
    (1.0, ("My {b} miles account got hacked last year and support was useless.",)),
    (2.0, ("Enough with the {b} sponsored posts in my feed. Annoying.",)),
    (1.0, ("That {b} tweet this morning was a bit tone deaf. Bad look.",)),
)
CALM_POSITIVE = (
    "Great flight on {b} {flight} to {city} today, friendly crew and early arrival.",
    "{b} upgraded me for free on my birthday. Love this airline!",
    "Smooth check-in with the {b} app this morning, took two minutes. Nice.",
    "Landed {minutes} minutes early in {city}. Well done {b}.",
    "{b} staff at {airport} found my passport in minutes. Thank you so much!",
    "Good job {b}, bags arrived first on the belt at {airport}.",
    "{b} customer service sorted my name typo in five minutes. Great.",
    "Got my refund from {b} in three days, impressed.",
    "Thanks {h} for the quick help with my seat change, appreciated!",
)
CALM_NEUTRAL = (
    "Flying {b} to {city} tomorrow, any tips for {airport}?",
    "Does {b} allow two carry-ons on domestic flights?",
    "{b} {flight} boarding at gate {gate}, {airport}.",
    "Booked {b} for the conference in {city} next month.",
    "Which terminal does {b} use at {airport}?",
    "{b} or train to {city}? Trying to decide.",
    "How long does an {b} refund usually take?",
    "Is {b} compensation automatic for a {minutes}-minute delay?",
)
LAUNCH = (
    "The new {b} app is fantastic, booking took a minute!",
    "Loving the new {b} lounge at {airport}. Beautiful.",
    "{b} just launched the new seats and they are great.",
    "Wow, the new {b} app looks amazing.",
)

# -- crises, by crisis type --------------------------------------------------------------

CRISIS_NEGATIVE: dict[str, tuple[str, ...]] = {
    "service-outage": (
        "{b} app is down again, can't check in for {flight}. Ridiculous.",
        "{b} outage at {airport}, nobody can board. Disaster.",
        "The {b} website is not working, error on every page. Awful.",
        "The {b} app crashed mid-payment. Furious.",
        "{b} systems are down everywhere at {airport}. Terrible.",
        "{b} kiosks offline at {airport}, staff clueless. Chaos.",
    ),
    "customer-service": (
        "It has been {weeks} weeks and still no refund from {b}. Disgraceful.",
        "{b} charged twice for {flight} and nobody answers. Furious.",
        "On hold with {b} for {hours} hours. Horrible customer service.",
        "{b} cancelled my flight, no refund, no response. Disgusting.",
        "I want my money back, {b}. This is theft. Awful.",
    ),
    "boycott": (
        "That's it. #Boycott{bt} until they treat people decently. Shameful.",
        "Everyone should boycott {b} after this. Disgusting.",
        "Joining the {b} boycott. Never again. Awful company.",
        "Going to cancel my account with {b} today. Shameful.",
    ),
    "data-breach": (
        "{b} leaked my passport details?! Furious.",
        "{b} data breach and they tell us a week later. Disgraceful.",
        "My {b} account was hacked after the breach. Awful.",
    ),
    "product-recall": (
        "{b} seats recalled on half the fleet and nobody told us. Unsafe. Awful.",
        "Flew on an {b} plane with the defective part. Terrifying.",
        "The {b} recall cancelled my flight to {city}. Horrible mess.",
    ),
    "executive-misconduct": (
        "The {b} CEO scandal is disgusting.",
        "Harassment lawsuit against {b} management. Shameful.",
        "{b} executives accused of fraud? Disgraceful.",
    ),
    "community-manager-misstep": (
        "That {b} tweet is so tone deaf. Delete this. Awful.",
        "The {b} social team posting something this offensive? Disgusting.",
    ),
}
CRISIS_QUESTION: dict[str, tuple[str, ...]] = {
    "service-outage": (
        "Is the {b} app down for anyone else?",
        "Heads up: {b} kiosks at {airport} are offline, go to the desk.",
    ),
    "customer-service": ("How do I get a refund from {b} for {flight}?",),
    "boycott": ("Is the {b} boycott actually growing? Seeing it everywhere.",),
    "data-breach": ("Does the {b} data breach include payment details?",),
    "product-recall": ("Which {b} aircraft are affected by the recall?",),
    "executive-misconduct": ("What do we know about the {b} lawsuit so far?",),
    "community-manager-misstep": ("Screenshot of the deleted tweet from {b} for context.",),
}
ANGER = (
    "Never flying {b} again. Awful.",
    "Absolutely disgraceful from {b}.",
    "{b} should be ashamed of themselves.",
    "Worst day ever with {b}. Terrible.",
    "So angry at {b} right now.",
)
CRISIS_TERM_SHARE = 0.65
"""Share of a crisis's extra negatives that use its type's words; the rest is plain anger."""

# -- harmless news, with the words of a story that is not the brand's crisis -------------

NEWS_STORIES: dict[str, dict[str, tuple[str, ...]]] = {
    "rival-outage": {
        "neutral": (
            "{rival} outage: passengers rebook on {b} and others.",
            "{rival} systems are down, {b} says it is unaffected.",
        ),
        "positive": ("Glad I fly {b}, the {rival} outage looks brutal.",),
        "negative": ("{rival} outage today, hope {b} isn't next. Worrying.",),
    },
    "rival-recall": {
        "neutral": ("{rival} recall of seat parts does not affect {b}, the airline says.",),
        "positive": ("No recall issues at {b}, good to hear.",),
        "negative": ("Scary {rival} recall, does {b} use the same seats? Worried.",),
    },
    "rival-breach": {
        "neutral": ("After the {rival} data breach, {b} says customer data is safe.",),
        "positive": ("Good that {b} was not hit by the data breach.",),
        "negative": ("The {rival} data breach makes me nervous about {b} too. Ugh.",),
    },
    "data-partnership": {
        "neutral": ("{b} partners with a data analytics firm on punctuality.",),
        "positive": ("Nice, {b} is using flight data to cut delays.",),
        "negative": ("{b} selling our travel data now? Creepy.",),
    },
}
GRIPE_TOPICS: dict[str, tuple[str, ...]] = {
    "delays": (
        "Delayed again at {airport}, {b}. Annoying.",
        "Another {minutes}-minute delay on {b} {flight}. Frustrating.",
    ),
    "customer-service": CALM_NEGATIVE[1][1],
    "app-glitch": CALM_NEGATIVE[2][1],
}
"""What a cluster of ordinary gripes is about: a bad delay day, slow support, a small glitch."""
GRIPE_TOPIC_SHARE = 0.7
"""Share of a gripes cluster's extra negatives on its topic."""
NEWS_TERM_SHARE = 0.7
"""Share of a news burst's mentions that tell the story; the rest is everyday talk."""


def fill(template: str, rng: random.Random) -> str:
    """A template with its slots filled from ``rng``."""
    values = {key: rng.choice(options) for key, options in _SLOTS.items() if f"{{{key}" in template}
    return template.format(**_FIXED, **values)


@lru_cache(maxsize=65536)
def triggers(text: str) -> tuple[TriggerHit, ...]:
    """The trigger terms ingestion would store for ``text`` (the built-in lists)."""
    return MATCHER.find(text)


def calm_negative(rng: random.Random) -> str:
    draw = rng.random() * _CALM_NEGATIVE_TOTAL
    for weight, texts in CALM_NEGATIVE:
        draw -= weight
        if draw < 0.0:
            return fill(rng.choice(texts), rng)
    return fill(rng.choice(CALM_NEGATIVE[0][1]), rng)


_CALM_NEGATIVE_TOTAL = sum(weight for weight, _ in CALM_NEGATIVE)
