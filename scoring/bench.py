"""Synthetic calls for the scoring benchmark: plausible 15-turn service calls assembled from varied parts, so the
pipeline sees realistic sentence lengths and every detector has work to do."""

from __future__ import annotations

import random
from collections.abc import Iterator

from scoring.turns import Turn

ITEMS = ["blender", "desk lamp", "pair of boots", "coffee grinder", "phone case", "winter jacket", "baby monitor"]
PROBLEMS = [
    "arrived with a cracked {item} and I needed it for the weekend",
    "never showed up even though the tracking says it was delivered on Monday",
    "was charged twice, two payments of forty dollars on my card",
    "stopped working after three days and I barely used it",
    "came in the wrong colour and the box was completely soaked",
]
OPENINGS = ["Thanks for calling, this is Sam, how can I help you today?", "Hello, you're through to Jo, what can I do for you?"]
AGENT_LINES = [
    "So just to confirm, your {item} {problem}, is that right?",
    "I can imagine how frustrating that is, especially when you were counting on it.",
    "Okay, can I get the order number or the email on the account please?",
    "Thank you, I have the order here and I can see what happened.",
    "The courier mis-scanned it at our depot, so I've sent a replacement by express delivery.",
    "Honestly that's on the warehouse, there's nothing more I can do from here.",
    "I've issued a full refund and it should show on your card in three to five days.",
    "Does that solve it for you, or would you prefer a store credit instead?",
    "Is there anything else I can help you with today?",
]
CUSTOMER_LINES = [
    "Yes, that's right, and honestly I'm pretty annoyed about it.",
    "Sure, it's B C four four seven one nine.",
    "Okay, and how long will that take?",
    "That works, thank you.",
    "No, that's everything, thanks.",
    "Hmm, I really needed it before Saturday, it's for my sister's party.",
]
CLOSINGS = ["Thanks so much for calling, have a lovely evening!", "Sorry again for all the trouble. Bye.", "Okay, bye."]


def synthetic_calls(count: int, turns: int = 15, seed: int = 0) -> Iterator[list[Turn]]:
    """``count`` calls of ``turns`` turns each (agent first, alternating), with times, deterministic for a seed."""
    rng = random.Random(seed)
    for _ in range(count):
        item = rng.choice(ITEMS)
        problem = rng.choice(PROBLEMS).format(item=item)
        texts = [rng.choice(OPENINGS), f"Hi, my {item} {problem}."]
        while len(texts) < turns - 1:
            line = rng.choice(AGENT_LINES if len(texts) % 2 == 0 else CUSTOMER_LINES)
            texts.append(line.format(item=item, problem=problem))
        texts.append(rng.choice(CLOSINGS))
        clock, call = 0.5, []
        for index, text in enumerate(texts[:turns]):
            seconds = 0.35 * len(text.split())
            call.append(Turn("agent" if index % 2 == 0 else "customer", text, round(clock, 2), round(clock + seconds, 2)))
            clock += seconds + rng.uniform(0.2, 1.5)
        yield call
