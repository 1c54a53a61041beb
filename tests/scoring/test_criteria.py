"""Each core criterion on its own sentences: positives, negatives and the LABELING.md hard cases.

Every sentence here was written for these tests from the definitions, in several registers (formal, casual,
speech-to-text without punctuation); none comes from the shared dev calls.
"""

from __future__ import annotations

import json
from pathlib import Path

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


# Second and third rounds: other industries, British phrasing, speech-to-text casing, traps.
EMPATHY += [
 ('oh gosh that sounds like a really rough morning', True),
 ("I'm sorry, I can hear this has really knocked your confidence in us.", True),
 ('Losing your internet during exam week must be incredibly stressful.', True),
 ('I get it, nobody wants to be stuck on hold for an hour.', True),
 ("That's genuinely awful, being stranded at the airport with two kids.", True),
 ('i completely understand your frustration with this', True),
 ("I can appreciate that this is worrying, given it's your savings.", True),
 ('What a horrible way to start your holiday.', True),
 ("That can't have been easy for you.", True),
 ("I understand it's been a difficult few days for you.", True),
 ("I'd be livid too if my flight got cancelled twice.", True),
 ("Right, I understand. What's your account number?", False),
 ('We regret any inconvenience caused.', False),
 ('Apologies for the delay in getting back to you.', False),
 ("I'm sorry, but that's the policy.", False),
 ("I don't think there's any reason to be so angry.", False),
 ("Well, there's no point getting stressed about it.", False),
 ("I'm not sure why that would be frustrating.", False),
 ("It's not that big of a deal, honestly.", False),
 ('Frustrating or not, the fee stands.', False),
 ('Thanks for your patience.', False),
 ("I'm sorry if you feel we let you down.", False),
 ('Stress levels are high for everyone this time of year.', False),
 ('You sound frustrated.', True),
 ("That's so disappointing, especially after waiting all week.", True),
 ("I know this isn't what you wanted to hear.", True),
]
SATISFACTION += [
 ('does that sound fair to you', True),
 ('So, is that resolved for you now?', True),
 ('How do you feel about that option?', True),
 ('Is everything working on your end now?', True),
 ('Can I do anything else for you while I have you?', True),
 ('Are you okay with a callback tomorrow instead?', True),
 ('Is there any other question I can answer for you?', True),
 ('is that everything for today', True),
 ('Have we got everything sorted for you?', True),
 ('Any other questions?', True),
 ('Did you want me to check anything else on the account?', True),
 ("What's the best number to reach you on?", False),
 ('Would you like me to stay on the line while you restart it?', False),
 ('Do you still have the receipt?', False),
 ('Can you hear me okay?', False),
 ('Is this still the best email for you?', False),
 ('Should I go ahead and cancel it?', False),
 ("If that doesn't work, give us a ring back.", False),
 ("There's nothing else you need to do.", False),
 ("Hopefully that's everything sorted now.", False),
 ('And is there anything else at all today', True),
 ('Is there anything more I can do to make this right?', True),
]
EXCUSES += [
 ("To be fair, that's on the airline, not on us.", True),
 ('Honestly the depot has been a total mess since the new manager started.', True),
 ("It's just the computer, it does whatever it wants.", True),
 ("I only started last week so I'm not really sure.", True),
 ('The engineers are the ones who decide that, not me.', True),
 ("That's above my pay grade, I'm afraid.", True),
 ("We can't control the post office.", True),
 ("You didn't tick the insurance box at checkout.", True),
 ('Well, you did agree to the terms and conditions.', True),
 ("The bad weather slowed everything down, and I've already put a priority flag on your claim.", False),
 ("A fault at our exchange caused the outage; an engineer is on site and I've credited a week's rental.", False),
 ("I'm going to sort this out for you right now.", False),
 ("I'll chase the courier myself and call you back by five.", False),
 ('Let me escalate this to our team lead straight away.', False),
 ('The refund has been processed on our side.', False),
 ('I can see the parcel is at the local depot.', False),
 ('The system shows it was delivered at noon.', False),
 ("It's our responsibility and I'm going to fix it.", False),
 ("Nothing I can do about it, I'm afraid.", True),
 ("that's how the system works unfortunately", True),
 ("The supplier hasn't sent the stock, so you'll just have to wait.", True),
 ("the payment provider is having issues today so there's not a lot we can do", True),
 ("I'm sorry, our website was down yesterday, which is why your order failed; I've placed it for you manually now.", False),
]
ENDING += [
 (["Right, that's all done for you. Cheers, take care."], False, True),
 (['Lovely, you should see the credit on your next bill. Thanks for calling, bye now.'], True, True),
 (['Okay.'], True, False),
 (['Sorry it took so long. Bye.'], False, False),
 (['Once again, my apologies. Goodbye.'], False, False),
 (['I hope the new router behaves itself this time. Bye.'], False, False),
 (['Right, well, if it breaks again you know where we are.'], False, False),
 (['The engineer will be with you Tuesday between eight and twelve. Have a good week!'], False, True),
 (['Brilliant. Thanks so much for your patience today, and enjoy your trip.'], False, True),
 (['No problem at all, have a lovely afternoon.'], True, True),
 (['OK bye'], False, False),
 (['Fine. Anything else?'], True, False),
 (["you're very welcome, enjoy the rest of your evening"], True, True),
 (['Glad I could help. Take care now.'], True, True),
 (["Well, that's all I can do. Bye."], False, False),
 (['Thanks for calling.', 'Oh, and sorry again about the mix-up.'], False, False),
]
MIRRORING += [
 ('My broadband has been cutting out every night around eight for the past week.', "So what I'm hearing is the connection keeps dropping in the evenings, and it's been going on for about a week.", True),
 ('My broadband has been cutting out every night around eight for the past week.', 'Right, okay. Let me run a line test.', False),
 ('I booked a flight to Lisbon for the 14th and the app charged my card three times.', 'Okay, so you were billed three times for the one Lisbon booking on the 14th.', True),
 ('I booked a flight to Lisbon for the 14th and the app charged my card three times.', 'Can I take the booking reference please?', False),
 ('The sofa legs arrived snapped and one of the cushions has a big stain.', "If I've understood you, the legs were broken on arrival and a cushion is stained?", True),
 ('The sofa legs arrived snapped and one of the cushions has a big stain.', "I understand, I'm sorry about that.", False),
 ("I moved house in May and you're still sending bills to my old address.", 'Okay so since your move in May the bills have kept going to the old place, correct?', True),
 ("I moved house in May and you're still sending bills to my old address.", "No problem, I'll update that now.", False),
 ("The app logs me out every time I try to pay and I've missed two payments.", 'Got it, thanks.', False),
 ("The app logs me out every time I try to pay and I've missed two payments.", "Let me just make sure I've got this: the app signs you out whenever you go to pay, and because of that two payments were missed.", True),
]
EMPATHY += [
 ("I'm afraid the warehouse is closed today.", False),
 ("I'm worried the parcel might be lost.", False),
 ('Sorry, what was that?', False),
 ("Honestly, I'd be upset too.", True),
 ("I'm sorry, that's not the news you were hoping for.", True),
 ("It's not easy to find the serial number, it's under the base.", False),
 ("That's not a problem at all.", False),
 ('No worries at all.', False),
 ("I'm really happy I could help today.", False),
 ("Sorry about the wait, it's busy today.", False),
 ('Being charged twice right before rent is due is really stressful, I get that.', True),
]
SATISFACTION += [
 ('okay and does that help at all', True),
 ("Is that okay? I'll just need to put you on hold for two minutes.", False),
 ("I'll just need to put you on hold for two minutes, is that okay?", False),
 ("So that's the refund done. Happy with that?", True),
 ('Would you like the receipt by email or post?', False),
 ('Do you have a pen handy?', False),
 ('Are you still there?', False),
 ('Did I explain that clearly enough?', False),
]
ENDING += [
 (['Right, so your refund will land in three to five working days. Thanks for calling, take care.'], True, True),
 (['Yep. Bye.'], True, False),
 (['Thanks, bye.'], True, True),
 (["Thank you. Unfortunately there's nothing more I can do today."], False, False),
 (['Okay, have a good one.'], True, True),
 (['So sorry once more. Take care.'], False, False),
 (['Hopefully that fixes it!'], False, False),
 (['I hope you have a wonderful trip!'], False, True),
]
MIRRORING += [
 ('I was charged twice for my order, two payments of forty dollars.', 'So the refund for the duplicate charge will be back on your card by Friday.', False),
 ('I was charged twice for my order, two payments of forty dollars.', "Just to confirm, you'll be at home on Friday for the courier?", False),
 ("My washing machine won't drain and there's water all over the floor.", "So the machine isn't draining and the floor is flooded, have I got that right?", True),
 ("My washing machine won't drain and there's water all over the floor.", "Okay so what I'll do is book an engineer for tomorrow morning.", False),
 ("My washing machine won't drain and there's water all over the floor.", "Right, so you're saying it won't empty and you've got water everywhere.", True),
 ("I've been waiting three weeks for a refund on the headphones I sent back.", "I'm sorry. Three weeks is far too long to wait for a refund on returned headphones.", True),
 ("I've been waiting three weeks for a refund on the headphones I sent back.", 'Could you spell your surname for me?', False),
 ("My daughter's school shoes came in a size four instead of a size six.", 'ah so they sent the wrong size, a four rather than the six you ordered', True),
 ("My daughter's school shoes came in a size four instead of a size six.", 'Sure, I can sort that out.', False),
 ('The hotel cancelled my booking the night before and I had nowhere to stay.', "That sounds awful, I'm so sorry.", False),
]

# Speech-to-text output: lower case, lost punctuation, garbled rare words.
EMPATHY += [
 ("oh no i can imagine how flummoxing that is after a long day", True),
 ("okay sorry for the inconvenience thats on the carrier not us", False),
 ("i know how much you were relying on it for the weekend", True),
]
EXCUSES += [
 ("honestly our depot has been really short since the holidays so things are slow", True),
 ("so yeah that's them, j smith at mail dot com", False),
 ("okay sorry for the inconvenience thats on the carrier not us", True),
]
SATISFACTION += [
 ("okay and does that help at all", True),
 ("great so is that all sorted for you now", True),
]

# Procedural questions agents ask all through a call, and more empathy traps.
SATISFACTION += [
 ('Could you confirm your date of birth for me?', False),
 ('Is the parcel in your name?', False),
 ('Do you want me to send it to the same address?', False),
 ('Would you like a refund or a replacement?', False),
 ('Does the box have any damage on the outside?', False),
 ('Is that the blue one or the green one?', False),
 ('Have you tried turning it off and on again?', False),
 ('How long has it been doing that?', False),
 ('Are you able to send a photo of the label?', False),
 ('What time works best for the engineer?', False),
 ('Which card would you like the refund on?', False),
 ('Is it still under warranty?', False),
 ('Is the app up to date on your phone?', False),
 ('Did the courier leave a card?', False),
 ('Is everything okay with the delivery address?', False),
 ('Does that work for Thursday?', True),
 ('Is that going to work for you?', True),
 ('Are you comfortable with that plan?', True),
 ('Is there something more I can look into for you?', True),
 ('Does that all make sense?', True),
 ('Have I covered everything you needed?', True),
]
EMPATHY += [
 ('Have you tried turning it off and on again?', False),
 ('The parcel was damaged in transit.', False),
 ("We're all frustrated with the new system.", False),
 ("That's a fair point.", False),
 ('I appreciate your patience.', False),
 ('I can see why that would be annoying.', True),
 ("You've every right to be annoyed.", True),
 ("I'd hate for that to happen to me.", True),
 ("It's a real pain, especially with the kids at home.", True),
]

# Colloquial validation, colleagues blamed, fixes reported in the passive, looking back on one's own help.
SATISFACTION += [
 ('Did I answer your question?', True),
 ('Was I able to resolve everything for you today?', True),
 ('Was I able to help with everything?', True),
 ('Is there anything further?', True),
 ('Can I assist with anything else today?', True),
 ('Did that clear things up?', True),
 ('Does this resolve things for you?', True),
]
EMPATHY += [
 ("Ugh, that's the worst.", True),
 ('Oh you poor thing.', True),
 ("What a week you've had.", True),
 ("That's no fun at all.", True),
 ("I'd be annoyed too.", True),
]
EXCUSES += [
 ('My colleague must have entered it wrong.', True),
 ('Whoever you spoke to last time should have logged it.', True),
 ('The previous agent made a mistake, not me.', True),
 ('Your refund has been processed for the double charge of forty dollars.', False),
]
ENDING += [
 (['Speak soon, bye for now.'], False, True),
 (['Bye for now.'], False, False),
]
MIRRORING += [
 ('I was charged twice this month, forty dollars each time, for one gym membership.', 'Your refund of forty dollars for the double charge on the membership has been processed.', False),
 ('I was charged twice this month, forty dollars each time, for one gym membership.', 'From what I gather, the membership fee came out twice this month.', True),
 ('I was charged twice this month, forty dollars each time, for one gym membership.', 'So your refund for the second membership charge has been processed this month.', False),
 ('I was charged twice this month, forty dollars each time, for one gym membership.', 'Let me get this straight, you paid forty dollars two times for the same membership?', True),
]

# Empathy followed by a refusal counts for empathy and against no_excuses; short closings.
EMPATHY += [
 ("I understand your frustration, but there's nothing I can do.", True),
 ('I hear you, that must be so frustrating.', True),
 ("I'm so sorry to hear your mother passed away.", True),
 ('I hear you.', False),
]
EXCUSES += [
 ("I understand your frustration, but there's nothing I can do.", True),
 ("It looks like it got stuck at the depot, so I've sent a new one out today.", False),
]
SATISFACTION += [
 ('Will there be anything else?', True),
 ('Is there anything else you need from me?', True),
 ('What else can I do for you?', True),
]
ENDING += [
 (['Okay, you have a good day.'], True, True),
 (['Bye-bye.'], True, False),
 (['Take it easy!'], False, True),
 (['Cheers, bye.'], True, True),
 (['Okay.', 'Have a great night!'], True, True),
]

# Everyday agent sentences that mention couriers, systems, banks and refunds without any excuse,
# rudeness or channel pushing, and without being empathy, mirroring or a satisfaction question.
NEUTRAL = []
NEUTRAL += [
 'I can see the courier picked it up from our warehouse on Tuesday.',
 'The system shows the refund was issued this morning.',
 "I've put a note on the system so the team knows.",
 'Our warehouse team will pack the replacement tonight.',
 'The bank usually takes three to five days to show a refund.',
 "I'll contact the courier and ask them to redeliver tomorrow.",
 'Let me just pull up your account on the system.',
 'The app should update within a few minutes.',
 "I've checked with the billing team and they've reversed the fee.",
 'The driver will call you about thirty minutes before arrival.',
 "Because of the mix-up, I've upgraded you to next-day delivery for free.",
 'Your order is on its way and should arrive on Friday.',
 "It's on the system now, so you don't need to do anything.",
 "The manufacturer's warranty covers this, and I'll file the claim for you.",
 "Our website has a tracking page too, if that's ever handy.",
 'Okay, one moment while I check that.',
 'Can I take your postcode please?',
 "Thanks, I've got your details here.",
 "We've updated our delivery partner since then.",
 "I'm going to send you a prepaid return label by email.",
 "The weather forecast looks fine for Thursday's delivery.",
 'Your bank will see it as a pending refund first.',
 "Great, that's all updated on our end.",
 "I've raised it with our supplier so it doesn't happen to anyone else.",
 'The team lead has approved the full refund.',
 'Right, so the next step is the engineer visit.',
 "I'll stay on the line while you check.",
 "The courier's tracking page will show the new date by tonight.",
 'Our staff at the store can also swap it for you.',
 'Let me see what options I have here.',
 'It looks like the payment went through on the second try.',
 'Sure, I can help with that.',
 "The holidays are a busy time, so I've booked the earliest slot I could find for you.",
 "I'll make a note that you'd prefer a morning delivery.",
 'The charge you see is a temporary authorization, and it will drop off automatically.',
 "We'll cover the return shipping.",
 "That's the right email, thank you.",
 "You can keep the damaged one, there's no need to send it back.",
 'I understand the parcel was left outside in the rain.',
 'Your new card should work straight away.',
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


@pytest.mark.parametrize("agent", NEUTRAL)
def test_everyday_sentences_trigger_nothing(scorer, agent):
    result = scorer.score([
        Turn("agent", "Hi, thanks for calling."),
        Turn("customer", "My order arrived broken and I needed it for my mum's birthday on Saturday, I'm fed up."),
        Turn("agent", agent),
    ])
    flagged = [c for c in ("no_excuses", "no_rude_language", "no_channel_pushing") if result[c].verdict != "met"]
    credited = [c for c in ("empathy", "satisfaction_asked", "mirroring") if result[c].verdict == "met"]
    assert flagged == [] and credited == []


OWN_CALLS = [json.loads(line) for line in (Path(__file__).parent / "own_calls.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("call", OWN_CALLS, ids=[call["id"] for call in OWN_CALLS])
def test_whole_calls_agree_with_their_labels(scorer, call):
    """Whole calls written for these tests (telecom, banking, airline, insurance, food delivery, hotel, and
    speech-to-text style), labeled by LABELING.md: every verdict and every labeled evidence turn agrees."""
    result = scorer.score(call["turns"])
    for criterion, expected in call["labels"].items():
        verdict = result[criterion]
        assert (verdict.verdict == "met") is expected, f"{criterion}: {verdict.explanation}"
        labeled = set(call["evidence"][criterion])
        if labeled and (expected or criterion != "no_excuses"):
            assert labeled & set(verdict.evidence_turns), f"{criterion}: evidence {verdict.evidence_turns}"
