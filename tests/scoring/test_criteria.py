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

# Generalization round: kinds of statement a held-out set showed missing, each in many words of our own.
# Empathy without a feeling word: the personal impact of the problem ("a lot to cope with", "threw your week
# off"), a fright or a shock, universal validation ("nobody wants ..."), and casual apologies naming the impact.
EMPATHY += [
 ("That must have knocked your whole weekend sideways.", True),
 ("losing a day's pay over this really messes up your month", True),
 ("Oh that's turned your evening upside down, hasn't it.", True),
 ("with three kids and no washing machine that's a lot to manage", True),
 ("Moving house and no internet on top of it, that's a lot on your plate.", True),
 ("You've had so much to deal with this week.", True),
 ("Being without heating with an elderly parent in the house is a lot to take on.", True),
 ("Two hospital trips in one week, you've really had your hands full.", True),
 ("That must have given you quite a scare.", True),
 ("what a shock that must have been when you opened the statement", True),
 ("I can imagine that was a horrible surprise right before payday.", True),
 ("I know that's a real blow when you've been saving up for it.", True),
 ("oh man that totally wrecks your plans for the weekend", True),
 ("That really puts a dent in your holiday, I'm sorry.", True),
 ("that would knock anyone for six", True),
 ("No one should have to go through that on their wedding day.", True),
 ("Nobody wants a cold shower in the middle of January.", True),
 ("i'm so sorry that's spoiled your birthday dinner", True),
 ("Sorry this has thrown a spanner in your moving plans.", True),
 ("really sorry it's taken the shine off your first week in the flat", True),
 ("If it were me I'd be climbing the walls, honestly.", True),
 ("If I were in your place I'd be just as cross.", True),
 ("Must've made the whole trip so much harder for you.", True),
 ("That's put you in a really awkward spot with your landlord.", True),
 ("That will throw the delivery schedule off by a day.", False),
 ("It won't affect your credit score at all.", False),
 ("The update only affects your notification settings.", False),
 ("That's a lot of data to transfer, so it may take an hour.", False),
 ("There's quite a lot to cover in the setup guide.", False),
 ("We've got a lot to get through, so let's start with the meter reading.", False),
 ("If the storm knocks the power out, the router will restart on its own.", False),
 ("Did the restart throw off the clock on the oven?", False),
 ("Sorry, that took a moment to load.", False),
 ("Sorry it took so long to get through to us.", False),
 ("No one can access your account without the code.", False),
 ("Nobody needs to be home for the meter reading.", False),
 ("You'll have a lot less to worry about once the new boiler is in.", False),
 ("A surprise discount will show on your next bill.", False),
]
# Blame on parties of any kind (subcontractors, franchisees, app stores, surgeries, landlords, hosts), on the
# weather, on rules the agent disowns, and on the customer; the same parties named in ordinary or owned
# sentences are not excuses.
EXCUSES += [
 ("The delay's down to our subcontractor, they never sent anyone out.", True),
 ("that's the franchise owner's call, not ours", True),
 ("Honestly that's an app store thing, they handle the in-app refunds.", True),
 ("The GP surgery hasn't sent the prescription over yet.", True),
 ("your doctor's office never authorised it, that's why it's held up", True),
 ("Fog at the airport grounded everything this morning.", True),
 ("it's the fog, nothing's been able to land since six", True),
 ("High winds closed the bridge so the driver couldn't get through.", True),
 ("The landlord is supposed to sort the meter, not us.", True),
 ("the installers we use made a mess of the fitting", True),
 ("Our delivery partner dropped the ball on this one.", True),
 ("The platform sets those fees, we don't.", True),
 ("That part's on the restaurant, they cooked the order.", True),
 ("This one's on the hotel, they overbooked.", True),
 ("Those chargebacks are on the retailers, not on us.", True),
 ("I don't make the rules, I just follow them.", True),
 ("I don't set the prices, sorry.", True),
 ("i didnt write the policy", True),
 ("It's just how the terms are worded.", True),
 ("That's simply the way the contract reads, I'm afraid.", True),
 ("You should've let us know sooner.", True),
 ("You should have told us before you travelled.", True),
 ("You should have seen it in the small print.", True),
 ("you were meant to cancel before the renewal date", True),
 ("Well, that one's on you, I'm afraid.", True),
 ("Nobody here can change what the system decides.", True),
 ("no one in this office can override that", True),
 ("We can't stop the system doing that, it's all automatic.", True),
 ("Our subcontractor will be there at nine tomorrow.", False),
 ("I've called the franchise owner and they've agreed to refund you.", False),
 ("The surgery sent the prescription over this morning, so it's ready for you.", False),
 ("The fog delayed your flight, so I've rebooked you on the first one out tomorrow and added a meal voucher.", False),
 ("I'll speak to the landlord's agent myself today.", False),
 ("You should have been told about the fee, and I'm sorry you weren't.", False),
 ("You should have seen an email from us this morning.", False),
 ("The policy covers accidental damage, so you're fine.", False),
 ("Nobody here will charge you for that.", False),
 ("I've asked the hotel to hold the room until you arrive.", False),
 ("The app store receipt shows the payment went through.", False),
 ("Our installers can come out on Saturday if that suits you.", False),
]
# Questions that check the solution for someone the customer acts for, or whether it puts things right.
SATISFACTION += [
 ("Would that be alright for your dad?", True),
 ("Is that time okay for your mum, or should I ask them to ring ahead?", True),
 ("would the morning slot suit her", True),
 ("does that make things right for you", True),
 ("Have we put that right for you now?", True),
 ("Does that set your mind at rest?", True),
 ("Is that what you were after?", True),
 ("Will that do the trick for her?", True),
 ("What would you like me to do for you?", False),
 ("Could you put it right for me by Friday?", False),
 ("Is that what you ordered?", False),
 ("is that okay with him", True),
 ("Would a refund be acceptable to your wife?", True),
 ("Is that her date of birth?", False),
 ("Would she be home to sign for it?", False),
 ("Is he the account holder?", False),
 ("Should I ask the driver to call ahead?", False),
 ("Is your mum okay?", False),
 ("Does he have the card with him?", False),
 ("What would make things easier for her on the day?", False),
]
# The agent's last turn ends on a question, hopes the problem won't return, or is only a courtesy reply.
ENDING += [
 (["Your refund is on its way. Can I just confirm your postcode?"], True, False),
 (["I've booked the engineer for Monday. What's the best number for him to call?"], True, False),
 (["The driver will call ahead. Is there anything else today?"], True, False),
 (["Let's hope the next one doesn't do the same."], False, False),
 (["You're welcome. Here's hoping it doesn't happen again."], False, False),
 (["I hope it doesn't give you any more grief. Bye."], False, False),
 (["You're welcome."], True, False),
 (["No problem."], False, False),
 (["You're welcome, enjoy the concert!"], True, True),
 (["My pleasure, have a good evening."], False, True),
 (["No worries, you're all set now."], True, True),
 (["I've sent the new card today.", "Thanks for calling, bye now."], True, True),
 (["I hope the rest of your trip goes smoothly."], False, True),
]

# More of our own, other industries and registers: idioms of impact, parties and rules, checks asked for
# someone else, closings that hope or ask.
EMPATHY += [
 ('that must have been such a worry with the baby due any day', True),
 ("Oh no, and right before your holiday too, that's rotten luck.", True),
 ("honestly that's a lot to take in on top of everything else", True),
 ('I can hear this has really shaken you.', True),
 ('That must have put you in a real spot at the checkout.', True),
 ('Gosh, that must have been a shock to the system.', True),
 ("I'm sorry, that's a horrible thing to come home to.", True),
 ('that sounds like a nightmare of a morning', True),
 ('With your dad in hospital, this is the last thing you need right now.', True),
 ("You've clearly had a rough time with this.", True),
 ('I can only imagine how it felt standing at the till with a queue behind you.', True),
 ("that's really knocked your plans for six hasn't it", True),
 ('It must have been awful not knowing where your passport was.', True),
 ("oh that's not fair on you at all", True),
 ("I completely get why you'd be cross about that.", True),
 ("It sounds like it's been one thing after another for you.", True),
 ('Having to take another day off work for this is really unfair on you.', True),
 ('Oh that must have been so stressful with your flight in the morning.', True),
 ('I really feel for you.', True),
 ('i feel for you having to deal with all that', True),
 ("that's such a rubbish way to start the week", True),
 ("That really spoiled the day for you, I'm sorry.", True),
 ("It's hard when you've been looking forward to something for so long.", True),
 ('You must be at the end of your tether.', True),
 ('what a palaver for you', True),
 ("oh dear that's really inconvenient for you with the kids", True),
 ("i'm sorry you've been left out of pocket like this", True),
 ("Sorry you've been messed around so much.", True),
 ("That's really not the experience we want you to have, and I'm sorry.", True),
 ("I'll take care of it right away.", False),
 ("That's a common issue with this model.", False),
 ('Sorry for the wait.', False),
 ('We apologise for any disruption to your service.', False),
 ('The disruption should clear by this evening.', False),
 ('Your plan includes a lot of data.', False),
 ("I hope you're well today.", False),
 ('The outage affected customers across the region.', False),
 ("Right, I'll need your account number to look into this.", False),
 ("That's what the system says, I'm afraid.", False),
 ("Don't worry, it's a simple fix.", False),
 ("There's nothing to worry about, the payment is safe.", False),
 ("It shouldn't affect your bill.", False),
 ('Sorry, could you repeat that?', False),
 ("That's a lot of questions, let me take them one at a time.", False),
 ("I'll put you on a quick hold.", False),
 ('Sorry about that, the line is bad.', False),
 ("I'm sorry, but you'll need to return it first.", False),
 ("It won't spoil if it stays in the fridge.", False),
 ('The fog should lift by noon, so the flight will likely go.', False),
 ('It will throw off the timer if you unplug it.', False),
 ('This might mess up your saved settings, so write them down first.', False),
 ("I'm sorry you feel we've let you down.", False),
 ("I'm sorry, I didn't catch your name.", False),
 ("That's the first time I've heard of that.", False),
 ('So it is the grey hard-shell case with your laptop inside.', False),
 ("It's hard to say exactly, it's usually three days.", False),
 ("it's tough to juggle all that with two kids", True),
]
EXCUSES += [
 ('The high volume of calls has slowed everything down.', True),
 ("it's my first week, sorry", True),
 ('I hope the first week of your new job goes well.', False),
 ("The contractor we use for installs is always running late, that's the problem.", True),
 ("it's the carrier's app that's been playing up, not ours", True),
 ('Honestly the airport handlers are a nightmare this time of year.', True),
 ('The heavy snow meant none of our vans could get out.', True),
 ("It's the bank holiday, everything's just slower.", True),
 ("Blame the weather, it's been chaos.", True),
 ('The letting agency should have passed the message on.', True),
 ("That's between you and the manufacturer really.", True),
 ("We're only the booking platform, the hotel sets its own rules.", True),
 ("That's a council thing, they collect the bins not us.", True),
 ("the storm took the line down, so it's out of our hands", True),
 ("Your GP needs to send the referral, we can't do anything until then.", True),
 ('the pharmacy team are run off their feet today', True),
 ('The fault lies with the installer.', True),
 ('The hospital lab sent the wrong results over.', True),
 ('You really should read the terms before you sign.', True),
 ("If you'd called earlier we could have stopped it.", True),
 ('You must have clicked the wrong date.', True),
 ("That's the way the system's set up, I can't change it.", True),
 ("that's company policy, I'm just doing my job", True),
 ("I don't make those decisions, I'm afraid.", True),
 ("The renewal is automatic, there's nothing anyone here can do about it.", True),
 ('The third-party seller is responsible for that, not us.', True),
 ("I've spoken to the contractor and they're coming at eight.", False),
 ("The snow's cleared, so your delivery is back on for tomorrow.", False),
 ('The hotel has confirmed your late check-out.', False),
 ('Your GP can send the referral straight to us, or I can request it.', False),
 ('The pharmacy team are preparing it now.', False),
 ('The installer left you a card, I can see it on the notes.', False),
 ("The hospital lab is open until six if you'd like to drop it in.", False),
 ("You didn't need to do anything, it's all done.", False),
 ('You should get a text tomorrow morning.', False),
 ("You'll get an email once it's been approved.", False),
 ("I can't see any charges after the 3rd.", False),
 ("I'm not able to see the card number, for security.", False),
 ("That's not a problem at all, I'll sort it now.", False),
 ('Nobody here will mind if you call back later.', False),
 ('No one else can see your details.', False),
 ("Our policy is to refund within five days, and I've started that now.", False),
 ('The weather looks good for the engineer visit on Friday.', False),
 ("I don't want you to be out of pocket, so I'm refunding the fee.", False),
 ("I didn't catch the last part, sorry.", False),
 ('The app store will show the refund within a day.', False),
 ("It's just the standard form, nothing to worry about.", False),
 ("That's just how long the bank takes to release it, but I've flagged it as urgent.", False),
 ('The platform fee has been waived for you.', False),
 ("That's the right address for the landlord.", False),
 ("I'll chase the subcontractor myself and ring you back by four.", False),
 ('The courier has already been booked for Tuesday.', False),
 ('Our team in the warehouse packed it last night.', False),
 ('You made the right call ringing us.', False),
 ("You've done everything right.", False),
 ('You did the right thing by keeping the receipt.', False),
]
SATISFACTION += [
 ('How does that sound to you and your husband?', True),
 ('Is that all good on your side now?', True),
 ('would that be okay for your son', True),
 ('Are you both happy with that?', True),
 ('Is that a fair outcome for your mum?', True),
 ('Does that help at all?', True),
 ('Have I been able to sort everything out for you?', True),
 ('Is there anything more you need from us today?', True),
 ('Does that put things right?', True),
 ('So does that make up for it a bit?', True),
 ('Will that work for everyone?', True),
 ('Anything further I can help with?', True),
 ('Does that cover everything you needed?', True),
 ('are you alright with that plan', True),
 ("Would she like a text when it's ready?", False),
 ('Is he still at the same address?', False),
 ('Does your son have his own account?', False),
 ('Can she sign for it on the day?', False),
 ('Would it be easier if I called her directly?', False),
 ('Is that her mobile number?', False),
 ('Do they need a prescription for that?', False),
 ('What time suits her for the visit?', False),
 ('Is the boiler still making the noise?', False),
 ('Can you make it to the branch on Friday?', False),
 ('Did you manage to make it right in the app?', False),
 ('Is your dad okay with stairs?', False),
 ('Which day works for you?', False),
 ('Which option works better for you?', False),
]
ENDING += [
 (['Your replacement goes out tomorrow morning.'], False, True),
 (['Your replacement goes out tomorrow morning.'], True, False),
 (['Great, the technician will be there Thursday between eight and ten, and thanks for bearing with us.'], True, True),
 (['Is there anything else I can help with?'], True, False),
 (["Okay, so that's booked in. Do you have any other questions?"], True, False),
 (['All sorted then. Have a lovely weekend, okay?'], False, True),
 (['no worries at all, take care now'], True, True),
 (["You're welcome, bye."], True, False),
 (["It's my pleasure."], True, False),
 (["Lovely. Let's hope that's the end of it. Bye now."], False, False),
 (["Here's hoping the new one lasts longer. Take care."], False, False),
 (["I hope you don't have to call us again about this."], False, False),
 (['I hope your daughter loves the present. Bye!'], False, True),
 (['I hope the move goes well for you.'], False, True),
 (["hopefully you won't have any more trouble with it"], False, False),
 (['Perfect, enjoy your new phone.'], True, True),
 (['Thanks for your patience, and sorry again.'], False, False),
 (['Thank you, and I do hope the rest of your stay is relaxing.'], True, True),
 (["Right, I'll call you back on Monday with an update. Cheers."], True, True),
 (["I'll call you back on Monday with an update."], False, True),
 (["OK, so what's the best time to reach you?"], True, False),
 (['Congratulations on the new baby, by the way!'], True, True),
 (['Okay then.'], True, False),
]

# Apologies that name what the customer learnt or went through; excuses naming who decides, who is slow,
# whose rules; the same parties acting helpfully.
EMPATHY += [
 ("I'm sorry to hear you've been unwell on top of all this.", True),
 ("so sorry to hear about the wedding, that's awful timing", True),
 ("I can tell you're really upset about this.", True),
 ("That's completely understandable.", True),
 ("I'd be the same in your position.", True),
 ("That's really rotten timing with the baby coming.", True),
 ('Oh no, your poor mum.', True),
 ("It's horrible being left without hot water, especially in winter.", True),
 ("I'm sorry, you shouldn't have had to chase us for this.", True),
 ("You shouldn't have to deal with this on your holiday.", True),
 ("I'm sorry this has caused you so much stress.", True),
 ('Sorry this has put you out so much.', True),
 ("I'm sorry it's been such a battle to get this sorted.", True),
 ('i can imagine how annoying that would be with everything else going on', True),
 ('I can only imagine the panic when the card was declined.', True),
 ("It sounds like you've had a really tough week.", True),
 ("I'm so sorry, that sounds incredibly stressful with the move.", True),
 ("that must have been really worrying when it didn't arrive", True),
 ("I'm sorry to hear that.", False),
 ('Sorry to keep you waiting.', False),
 ("I'm sorry but we can't refund opened items.", False),
 ('Sorry, let me just find your account.', False),
 ("I'm sorry, the line dropped for a second.", False),
 ("I'm sorry, I'll need to transfer you.", False),
 ('Apologies, I misheard the postcode.', False),
 ("You shouldn't have to restart it again after this update.", False),
 ("I know it's been a while since your last order.", False),
 ("It's a long wait at this time of year for the new model.", False),
 ("We're sorry to see you go.", False),
 ("I'm sorry, you've reached the wrong department.", False),
 ("I'm sorry, what was the name again?", False),
]
EXCUSES += [
 ("The delay is on the manufacturer's side.", True),
 ("It's the courier's responsibility once it leaves us.", True),
 ('Unfortunately the insurer makes that call.', True),
 ("Head office won't allow it.", True),
 ('The airline changed the schedule, not us.', True),
 ("Those are the carrier's rules.", True),
 ('The bank takes forever with these things.', True),
 ('The warehouse guys packed the wrong one.', True),
 ("it's the network, they've been having problems all week", True),
 ('The engineers were held up by the snow.', True),
 ('Your email provider probably blocked it.', True),
 ("The payment processor flagged it, there's nothing I can do.", True),
 ("That's just the system, it won't let me change it.", True),
 ("You needed to give us thirty days' notice, that's in the contract.", True),
 ('The insurer has approved the claim.', False),
 ('Head office has signed off the refund.', False),
 ("The carrier's rules allow up to thirty kilos, so you're fine.", False),
 ('The bank will release the hold within 24 hours.', False),
 ("Our IT team is fixing the login page right now, and I've reset your password manually.", False),
 ('The warehouse packed your replacement this morning.', False),
 ("I'll make that call myself, it's refunded.", False),
 ('The engineers will bring the part with them.', False),
 ('Your email provider might put it in spam, so check there.', False),
 ('The payment processor shows the charge as reversed.', False),
 ("You needed to cancel before the renewal date, it's in the terms.", True),
 ("You had to wait two hours, I'm so sorry.", False),
 ("Let's hope the weather doesn't get in the way again.", False),
 ("I can't change the delivery date, but I can refund the shipping.", False),
]

# Surmised impact, clefts that send the customer elsewhere, strain and distancing; restatements that
# speech-to-text splits or leaves without a verb.
EMPATHY += [
 ('That must have given you a real jolt when you noticed.', True),
 ('this must have cost you hours on the phone', True),
 ('That must have kept you up half the night.', True),
 ('That must have reached you by now.', False),
 ('It must have sent you the code by text.', False),
 ('You must have received the letter on Monday.', False),
 ('That must have been the old card.', False),
]
EXCUSES += [
 ("It's the bank you need to speak to about that.", True),
 ("so it's really them you'd have to complain to", True),
 ("They've had a lot of staff off sick.", True),
 ('The delivery team is a separate company, we just sell the furniture.', True),
 ("It's the bank's app you'll see the refund in.", False),
 ("It's our team you'll be speaking to on Thursday.", False),
 ('The engineer will come out even if the van breaks down, we have spares.', False),
 ('Your broadband is on a separate line from the phone.', False),
 ("That's the courier who lost it.", True),
]
MIRRORING += [
 ("my phone's had no signal since sunday and i work from home so i can't take calls from clients",
  "right ok so no signal at all since sunday and it's hitting your work calls", True),
 ("my phone's had no signal since sunday and i work from home so i can't take calls from clients",
  "ok so sunday then", False),
 ("The boiler's been leaking since Monday and there's water coming through the kitchen ceiling.",
  "So, leaking since Monday, and now water through the kitchen ceiling.", True),
 ("I'm at forty two Elm Street, flat three, and the parcel with the garden chairs never came.",
  "So, forty two Elm Street, flat three, garden chairs.", False),
 ("The boiler's been leaking since Monday and there's water coming through the kitchen ceiling.",
  "So no heating since Monday, and water coming through the kitchen ceiling?", True),
]

# Cue variants, the subject-less "is the new time okay for you?", and what a connection problem or a long wait
# is called in other words.
SATISFACTION += [
 ('Is the new time okay for you?', True),
 ('Is the second floor okay for your husband, or would a ground floor room be easier?', True),
 ('Is it okay for you to hold for a second?', False),
]
EMPATHY += [
 ('ok i hear you that sounds really disruptive for the whole house', True),
 ("it's been chaos here since the update", False),
]
MIRRORING += [
 ("Our room's air conditioning isn't working and it's 29 degrees in here.",
  "Just so I've got it right, the air con in your room isn't cooling at all?", True),
 ("the internet keeps dropping every evening and the kids can't do their homework",
  "so the line drops in the evenings, can you tell me roughly what time", True),
 ("the internet keeps dropping every evening and the kids can't do their homework",
  "so can you tell me roughly what time", False),
 ("My windscreen claim was approved two weeks ago and nobody has come to fit it.",
  "So the claim was approved a fortnight ago and the glass still hasn't been replaced.", True),
 ("My windscreen claim was approved two weeks ago and nobody has come to fit it.",
  "So claims go to the glass team, that's a different department.", False),
]

# Handing the matter to another party as their standing business; "see you tomorrow" as a closing.
EXCUSES += [
 ('The security team handles unlocks, their queue is about 48 hours.', True),
 ("The bank deals with disputes, so you'd have to call them.", True),
 ("Our team handles everything from here, so I've booked the pickup for you.", False),
 ('The engineer will handle the installation.', False),
 ('I can see the team handles the refund within three days.', False),
]
ENDING += [
 (["Lovely, see you tomorrow. And please don't drive if it's blurry in the meantime."], True, True),
 (["I can see you've been charged twice."], True, False),
]

# Waiting on another party, conditions that were there, 'the ones who', refusing to speak for others; a
# negation that spares the customer is no one's failure.
EXCUSES += [
 ('That store is run by a franchise partner, so they set their own returns policy.', True),
 ("Subscriptions bought through the app store go through them, we can't touch those.", True),
 ("We're still waiting on your GP surgery to approve the repeat, it's with them now.", True),
 ("The surgery hasn't signed it off, so our hands are tied.", True),
 ("There was thick fog at the hub so the lorries didn't leave.", True),
 ("the fog's been awful, nothing's moving out of the depot", True),
 ('our subcontractors are the ones who book the fitting slots', True),
 ('Apple handle that side of things, not us.', True),
 ("It's in the terms, I don't write them, I just read them out.", True),
 ('well you should have raised it at the time', True),
 ("You should've flagged it when the engineer was there.", True),
 ("that's the franchise, they're independent from us", True),
 ("The kitchen is run by a separate franchise so I can't comment on the food.", True),
 ("Your GP surgery has approved the repeat, so it's ready to collect.", False),
 ("I've called the surgery and they're sending it over within the hour.", False),
 ('The fog has cleared and your flight is boarding on time.', False),
 ("Our franchise partner in Bristol has the size in stock, I've reserved it for you.", False),
 ("Subscriptions bought through the app store show up on your statement under the store's name.", False),
 ("The courier doesn't need a signature for this one.", False),
 ("The bank won't charge you for the refund.", False),
 ("Your bank doesn't see this as a new payment.", False),
 ("The app doesn't store your card details.", False),
 ("The courier wasn't able to deliver it.", True),
 ("The supplier isn't answering our emails.", True),
 ("I'm just waiting for the system to load your account.", False),
 ("There was a problem with the payment, so I've reissued it.", False),
 ("There was no fog at the time.", False),
]
EXCUSES += [  # a cause read back from the customer's account is theirs; where a thing is, or what happens next, blames no one
 ("Just to confirm, the driver dropped the parcel and the vase inside is broken?", False),
 ("So your train was cancelled by the rail company and you missed your appointment.", False),
 ("If I've understood you, the engineer never turned up on Tuesday.", False),
 ("So you'll have to wait, the supplier is behind.", True),
 ("There's a scratch on the driver's side door.", False),
 ("The courier will collect the broken kettle tomorrow.", False),
 ("It was the warehouse's error, not ours.", True),
 ("It's the bank's decision, not mine.", True),
 ("The manufacturer sets its own warranty terms.", True),
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
# The same parties, weather, rules and quantities in ordinary sentences: no excuse, no empathy, no question.
NEUTRAL += [
 'The hotel has your booking under the name Patel.',
 'Our subcontractor fitted the new meter on the 4th.',
 'The GP surgery can fax the prescription straight to us.',
 'The fog has lifted and flights are running normally again.',
 'Let me just check with the kitchen that the order left.',
 "The landlord's details are on the tenancy file.",
 'The platform shows the refund as pending.',
 'I can see the app store receipt on the account.',
 'The restaurant marked the order as collected at seven.',
 "That's a lot of information, so I'll email it to you as well.",
 "There's plenty of stock at the other branch.",
 "I'll note that the doctor's letter is attached.",
 "Your policy covers accidental damage, so I'll book the repair.",
 'The clinic opens at nine tomorrow.',
 'The installer will bring the new bracket with him.',
 "Our franchise in Leeds can do the fitting if that's nearer.",
 "I've made a note to waive the late fee.",
 'The rules changed in April, so the new allowance applies to you.',
 'The contract runs until the end of June.',
 'We can change the delivery day for you.',
 "I'll stop the direct debit now.",
 'I can override the default and send it by express.',
 'Nobody else has access to the account.',
 "It's automatic, so you won't need to do anything.",
 'The storm damage claim form is already filled in for you.',
 "Here's the reference for the hospital transport booking.",
 "The weather forecast is clear for Saturday's installation.",
 "I've set the reminder for the day before.",
 "The heat pump runs quietly once it's warmed up.",
 'That covers the whole family on the one plan.',
 'It goes out with the next collection.',
 'Let me put you through to the right line.',
 'The pharmacy dispenses it in the original box.',
 "You'll be able to track the driver on the map.",
 'The surgery called to confirm your appointment.',
 'The council collects the old appliance for free if you book it.',
 "It doesn't affect your no-claims bonus.",
 "Right, I'll make that change on the system now.",
 "I'm just going to read back the address.",
 "It's hard to say exactly, but usually about three days.",
 "That's a big order, so it'll come on a pallet.",
 'The lab results will be ready on Thursday.',
 "I'll hope to have an update for you by lunchtime.",
 "It's a busy time of year, so I've reserved a slot for you now.",
 "The bank's statement will show us as the merchant.",
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


def test_the_company_named_in_the_greeting_is_not_the_customers_problem(scorer):
    """The customer repeating the company or agent name from the greeting, and the agent confirming it, is no
    restatement; the same cue with the customer's own problem is."""
    greeting = Turn("agent", "Good morning, Larkspur Outdoor, Femi speaking.")
    echoed = scorer.score([
        greeting,
        Turn("customer", "Hi, is this Larkspur Outdoor? Femi, right?"),
        Turn("agent", "Just to confirm, you've reached Larkspur Outdoor and I'm Femi."),
        Turn("customer", "Great. My tent poles snapped on the first night of the trip."),
        Turn("agent", "Okay."),
    ])
    assert echoed["mirroring"].verdict == "not_met"
    restated = scorer.score([
        greeting,
        Turn("customer", "Hi, my Larkspur tent poles snapped on the first night of the trip."),
        Turn("agent", "Just to confirm, the tent poles snapped on your first night away?"),
    ])
    assert restated["mirroring"].verdict == "met"
