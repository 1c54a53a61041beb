Feature: Positive ending
  As a QA lead I want the agent's last turn to close forward — thanks, good wishes, what happens next — and not
  to apologize again or dwell on the problem. Consecutive agent turns at the end count as one last turn.

  Background:
    Given the customer says "The heater I bought last week stopped working."
    And the agent says "I've arranged a replacement heater for Thursday."
    And the customer says "Okay, thanks."

  Scenario: thanks and good wishes are a positive ending
    Given the agent says "Thank you for calling, and stay warm this week!"
    When the call is scored
    Then positive ending is met
    And the evidence for positive ending is turn 3

  Scenario: a clear next step is a positive ending
    Given the agent says "You'll get a text with the delivery slot on Wednesday evening."
    When the call is scored
    Then positive ending is met

  Scenario: apologizing again in the last turn is not a positive ending
    Given the agent says "Sorry again for all the trouble."
    When the call is scored
    Then positive ending is not met

  Scenario: a re-apology in the first of two last turns still spoils the ending
    Given the agent says "Sorry again for the trouble."
    And the agent then says "Have a great night."
    When the call is scored
    Then positive ending is not met
    And the evidence for positive ending is turn 3

  Scenario: dwelling on the problem is not a positive ending
    Given the agent says "Hopefully the new one doesn't break as well. Bye."
    When the call is scored
    Then positive ending is not met

  Scenario: a curt goodbye is not a positive ending
    Given the agent says "Okay. Bye."
    When the call is scored
    Then positive ending is not met

  Scenario: the customer having the last word with no closing from the agent is not a positive ending
    Given the agent says "Let me just check the stock."
    And the customer says "Never mind, I'll go to a shop. Bye."
    When the call is scored
    Then positive ending is not met

  Scenario: the customer saying goodbye after the agent closed is fine
    Given the agent says "Thanks for your patience, enjoy the rest of your day."
    And the customer says "You too, bye."
    When the call is scored
    Then positive ending is met

  Scenario: a last turn that asks the customer something has not closed the call
    Given the agent says "The new heater goes out tomorrow. Can I just check your postcode?"
    And the customer says "It's on the order. Bye."
    When the call is scored
    Then positive ending is not met
    And the evidence for positive ending is turn 3

  Scenario: only a next step, with the customer having the last word, has not closed the call
    Given the agent says "The new heater goes out tomorrow."
    And the customer says "Fine. Bye."
    When the call is scored
    Then positive ending is not met

  Scenario: a bare "you're welcome" is a reply, not a closing
    Given the agent says "You're welcome."
    When the call is scored
    Then positive ending is not met

  Scenario: hoping the problem stays away dwells on it
    Given the agent says "You're welcome. Let's hope this one doesn't give up on you as well."
    When the call is scored
    Then positive ending is not met
