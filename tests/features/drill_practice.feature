Feature: An agent practises the late gift drill
  Agents rehearse hard calls before they meet them. The customer's mood follows the agent's replies: a reply that
  misses what the step trains makes the customer angrier, a good one calms them. Every reply is scored with the
  rubric calls are scored with, and the end shows the score per trained criterion with the agent's own words.

  Background:
    Given the demo team with its seed drills
    And "ana" opens the drill "A late birthday gift" on Practice drills
    And she starts the drill

  Scenario: a reply without empathy makes the customer escalate
    When she replies "Can I have your order number, please?"
    Then the customer is "angry"
    And the customer says "Did you hear what I said?"

  Scenario: a reply with empathy calms the customer
    When she replies "Oh no, I'm so sorry. I can imagine how disappointing that was for you and your dad."
    Then the customer is "annoyed"
    And the customer says "He said it didn't matter, but it mattered to me."

  Scenario: an angry customer is calmed by empathy after a miss
    When she replies "Can I have your order number, please?"
    And she replies "I'm really sorry. It must have been awful to stand there with nothing to give him."
    Then the customer is "upset"

  Scenario: the final score lists the evidence
    When she plays the rest of the drill with the replies:
      | reply                                                                                                     |
      | Can I have your order number, please?                                                                     |
      | I'm so sorry. I can imagine how disappointing it was to have nothing to give your dad on his birthday.   |
      | So the watch for your dad's seventieth came on Monday, after the party? That was our depot's delay.      |
      | I'll refund the delivery charge right now, and I'll add a credit to your account for the trouble.       |
      | Is there anything else I can help you with today?                                                         |
    Then the drill is over
    And "Empathy" is "Not met" with the evidence "I can imagine how disappointing it was"
    And "Ownership and a concrete solution" is "Met" with the evidence "I'll refund the delivery charge right now"
    And "Empathy" says it was met in 1 of 2 replies
    And the model answers and tips are shown
    And her attempt is stored with a score

  Scenario: a spoken reply is transcribed and scored
    When she records the reply "drill_reply_empathy.wav"
    Then her reply reads "I can imagine how disappointing that was"
    And her reply is marked as spoken
    And the customer is "annoyed"

  Scenario: she tries the drill again
    When she plays the rest of the drill with the replies:
      | reply                                    |
      | Can I have your order number, please?    |
      | Can I have your order number, please?    |
    Then the customer has given up
    When she tries again
    Then the customer is "upset"
    And she has 2 attempts of the drill
