"""Each core criterion on its own sentences: positives, negatives and the LABELING.md hard cases.

Every sentence here was written for these tests from the definitions, in several registers (formal, casual,
speech-to-text without punctuation); none comes from the shared dev calls.
"""

from __future__ import annotations

import pytest

from scoring import Turn

EMPATHY = [
 ("I can imagine how upsetting that is.", True),
 ("I can't imagine why you'd be upset.", False),
 ("I understand how frustrating this must be, but the policy doesn't allow refunds after 30 days.", True),
 ("Sorry for the inconvenience.", False),
 ("I apologize for that.", False),
 ("I'm sorry you feel that way.", False),
 ("Calm down, please.", False),
 ("I don't see why you're upset.", False),
 ("That sounds really stressful.", True),
 ("If I were in your shoes I'd feel exactly the same.", True),
 ("You must be so worried about the deadline.", True),
 ("Oh no, what a nightmare right before your trip.", True),
 ("I totally get why you're annoyed.", True),
 ("Honestly, anyone would be fed up after three missed deliveries.", True),
 ("It's completely understandable that you're disappointed.", True),
 ("I know how much this gift meant to you.", True),
 ("I can only imagine what you've been through this week.", True),
 ("That must have been so embarrassing in front of your guests.", True),
 ("I hear how frustrated you are, and I want to fix it.", True),
 ("I'm so sorry you missed your daughter's recital because of this.", True),
 ("Don't worry about it.", False),
 ("There's no need to get upset.", False),
 ("I understand.", False),
 ("I see.", False),
 ("Okay, got it.", False),
 ("I understand what you're saying.", False),
 ("Sorry about that, let me check.", False),
 ("We apologize for any inconvenience this may have caused.", False),
 ("If you're unhappy with the item, you can return it.", False),
 ("I'm happy to help with that.", False),
 ("The weather has been terrible this week.", False),
 ("I'm sorry if you were upset by that.", False),
 ("No wonder you're frustrated.", True),
 ("Your frustration makes total sense.", True),
 ("I'd be furious too, honestly.", True),
 ("That's awful, I'm so sorry.", True),
 ("I really appreciate how stressful this must be for you with the move.", True),
 ("I understand your concern.", True),
 ("I don't understand why this is such a big deal for you.", False),
 ("I realize this has been a real hassle for you.", True),
 ("Being without a fridge for a week sounds miserable.", True),
 ("I'm sorry you've had to deal with all of this.", True),
 ("sorry to hear that", False),
 ("I know you were really counting on having it for the weekend.", True),
 ("it must be really frustrating to keep getting the same error", True),
]
SATISFACTION = [
 ("Is there anything else I can help you with?", True),
 ("is there anything else I can help you with", True),
 ("Does that solve it for you?", True),
 ("does that solve the problem for you", True),
 ("Are you happy with that?", True),
 ("What more can I do to help?", True),
 ("Let us know if you need anything else.", False),
 ("Feel free to call back.", False),
 ("Can I get your order number?", False),
 ("How can I help you today?", False),
 ("How does that sound?", True),
 ("Does that work for you", True),
 ("Would that be okay with you?", True),
 ("Is it okay if I put you on hold for a moment?", False),
 ("Did that answer your question?", True),
 ("Have I answered all your questions today?", True),
 ("Anything else I can do for you today?", True),
 ("anything else I can do for you today", True),
 ("Is there something else you need?", True),
 ("Do you have any other questions for me?", True),
 ("Are you satisfied with this solution?", True),
 ("Is that an acceptable outcome for you?", True),
 ("Would a replacement by Friday work for you?", True),
 ("If there's anything else, just give us a call.", False),
 ("Can you confirm the email on the account?", False),
 ("Is the delivery address still 12 Elm Street?", False),
 ("Did you receive the confirmation email?", False),
 ("I hope that helps.", False),
 ("okay great so is that all sorted for you now", True),
 ("Was there anything else you wanted to go over?", True),
 ("Does this fix the issue on your end?", True),
 ("Are we all good?", True),
 ("Is there any other way I can help?", True),
 ("Do you need help with anything else", True),
 ("Can I help with anything else today", True),
 ("Will that be all for today?", True),
 ("You're all set. Let me know if anything else comes up.", False),
 ("I just want to make sure you're happy with the outcome.", False),
]
EXCUSES = [  # (agent sentence, is it an excuse)
 ("That's not my department.", True),
 ("There's nothing I can do.", True),
 ("The courier messed up, not us.", True),
 ("Our system has been glitchy all week.", True),
 ("We're really short-staffed at the moment.", True),
 ("You should have read the policy.", True),
 ("The parcel was mis-scanned at our warehouse, so I've sent a replacement by express.", False),
 ("I've sent a replacement by express.", False),
 ("The warehouse shipped it yesterday.", False),
 ("That's on the courier, I'm afraid.", True),
 ("Honestly it's the supplier's fault, they sent us a bad batch.", True),
 ("It's out of my hands.", True),
 ("Because of the snowstorm, deliveries are running late everywhere.", True),
 ("The system won't let me issue a refund.", True),
 ("That's a billing issue, you'd have to talk to them.", True),
 ("It's not your fault at all.", False),
 ("That was our mistake, and I'm fixing it right now.", False),
 ("Unfortunately there's not much I can do about the bank's hold.", True),
 ("You must have typed the address wrong.", True),
 ("You should have received a confirmation email.", False),
 ("The delivery driver left it at the wrong house, so I've reshipped it with a signature requirement.", False),
 ("The delivery driver left it at the wrong house.", True),
 ("I'll call the courier myself and get this sorted.", False),
 ("Sorry, I'm new here.", True),
 ("We've had a huge volume of calls this week so everything is behind.", True),
 ("Your card issuer declined it, not us.", True),
 ("I can't help you with that, it's a different team.", True),
 ("We've been swamped since the sale started.", True),
 ("There's a known issue with our app, so I've applied the discount manually for you.", False),
 ("The manufacturer hasn't shipped the parts to us yet, it's out of our control.", True),
 ("It's company policy, my hands are tied.", True),
 ("Let me check what happened.", False),
 ("The label printer at the depot jammed, and I've already booked a new pickup for tomorrow.", False),
 ("I can't do anything about that, sorry.", True),
 ("Those are the terms you agreed to when you signed up.", True),
]
ENDING = [  # (the agent's last turns, does the customer speak last, positive ending)
 (["Thanks for calling, and have a great evening!"], False, True),
 (["Sorry again for all the trouble."], False, False),
 (["Sorry again for the trouble.", "Have a great night."], False, False),
 (["Hopefully it doesn't break again. Bye."], False, False),
 (["Nothing else I can do, bye."], False, False),
 (["Okay. Bye."], False, False),
 (["Let me check on that."], True, False),
 (["Your replacement will arrive on Thursday. Take care!"], False, True),
 (["You'll get an email with the tracking number tonight."], False, True),
 (["Thank you for your patience, Ms. Lee. Enjoy the new blender."], False, True),
 (["You're welcome! Have a lovely weekend."], True, True),
 (["Again, I'm really sorry about the mix-up. Goodbye."], False, False),
 (["Alright, you're all set. Thanks for calling in."], False, True),
 (["Fingers crossed it works this time."], False, False),
 (["Well, it is what it is. Bye."], False, False),
 (["Your refund is processed and it will show in three to five days. Thanks for being a customer!"], False, True),
 (["It's my pleasure, have a good one."], True, True),
 (["Unfortunately that's all we can do. Goodbye."], False, False),
 (["Perfect, enjoy the rest of your day and happy birthday to your son!"], False, True),
 (["Okay, if it happens again just call us. Bye."], False, False),
]
MIRRORING = [  # (customer, agent, mirrors)
 ("I ordered a blue sofa three weeks ago and it arrived in grey, and there's a tear in the cushion.",
  "So just to confirm, the sofa came in grey instead of blue, and one of the cushions is torn?", True),
 ("I ordered a blue sofa three weeks ago and it arrived in grey, and there's a tear in the cushion.",
  "I see. Can I have your order number?", False),
 ("My order number is A B seven seven two one and the charger stopped working after two days.",
  "Okay, order A B seven seven two one, got it.", False),
 ("I was billed twice for my gym membership this month, forty dollars each time.",
  "It sounds like you were charged two times for the same membership this month.", True),
 ("I was billed twice for my gym membership this month, forty dollars each time.",
  "Got it. I understand.", False),
 ("The technician was supposed to come Tuesday between nine and twelve and nobody showed up, I took the day off work.",
  "Okay, so the technician never arrived during your Tuesday morning window, and you'd taken a day off work for it.", True),
 ("The technician was supposed to come Tuesday between nine and twelve and nobody showed up, I took the day off work.",
  "I'll book you a new appointment for Thursday.", False),
 ("I returned the boots two weeks ago and still haven't got my refund.",
  "Let me make sure I have this right: you sent the boots back two weeks ago and the refund hasn't reached you yet.", True),
 ("I returned the boots two weeks ago and still haven't got my refund.",
  "Okay, and what's the email on the account?", False),
 ("My phone screen cracked the first day I had it, I barely touched it.",
  "If I'm hearing you correctly, the screen cracked on day one without any drop?", True),
 ("My phone screen cracked the first day I had it, I barely touched it.",
  "Alright.", False),
 ("The pizza came an hour late and it was cold, and half the toppings were missing.",
  "So your pizza showed up an hour late, cold, and missing toppings. That's not okay.", True),
]
RUDE = [
 ("Ma'am, you need to calm down.", False),
 ("Like I said, the refund takes five days.", False),
 ("That's not my problem.", False),
 ("You need to restart the router.", False),
 ("You'll need to sign for the package.", True),
 ("If you need to return it, the label is in the box.", True),
 ("All you need to do is click the link.", True),
 ("I'm happy to walk you through it.", True),
]
CHANNEL = [
 ("Please send us an email with the photos.", False),
 ("You'll have to call your bank about that.", False),
 ("You can fill out the form on our website.", False),
 ("I'll email you the return label.", True),
 ("You'll get an email confirmation.", True),
 ("Feel free to call back anytime.", True),
 ("I've contacted the courier for you.", True),
 ("Contact the manufacturer for a warranty claim.", False),
]


@pytest.mark.parametrize(("agent", "expected"), EMPATHY)
def test_empathy(judge, agent, expected):
    assert (judge("empathy", agent).verdict == "met") is expected


@pytest.mark.parametrize(("agent", "expected"), SATISFACTION)
def test_satisfaction_asked(judge, agent, expected):
    assert (judge("satisfaction_asked", agent).verdict == "met") is expected


@pytest.mark.parametrize(("agent", "is_excuse"), EXCUSES)
def test_no_excuses(judge, agent, is_excuse):
    result = judge("no_excuses", agent)
    assert (result.verdict == "not_met") is is_excuse
    assert bool(result.evidence) is is_excuse  # evidence names the excuse; "met" has none


@pytest.mark.parametrize(("customer", "agent", "expected"), MIRRORING)
def test_mirroring(judge, customer, agent, expected):
    assert (judge("mirroring", agent, customer).verdict == "met") is expected


@pytest.mark.parametrize(("last_agent_turns", "customer_has_last_word", "expected"), ENDING)
def test_positive_ending(scorer, last_agent_turns, customer_has_last_word, expected):
    turns = [
        Turn("agent", "Thanks for calling, how can I help?"),
        Turn("customer", "My order came broken."),
        Turn("agent", "I've sent a replacement."),
        Turn("customer", "Okay, thanks."),
        *(Turn("agent", text) for text in last_agent_turns),
    ]
    if customer_has_last_word:
        turns.append(Turn("customer", "Bye."))
    result = scorer.score(turns)["positive_ending"]
    assert (result.verdict == "met") is expected
    assert result.evidence_turns and set(result.evidence_turns) <= set(range(4, 4 + len(last_agent_turns)))


@pytest.mark.parametrize(("agent", "courteous"), RUDE)
def test_no_rude_language(judge, agent, courteous):
    assert (judge("no_rude_language", agent).verdict == "met") is courteous


@pytest.mark.parametrize(("agent", "kept_on_call"), CHANNEL)
def test_no_channel_pushing(judge, agent, kept_on_call):
    assert (judge("no_channel_pushing", agent).verdict == "met") is kept_on_call
