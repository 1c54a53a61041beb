Feature: Mirroring
  As a QA lead I want the scorer to notice when the agent plays the customer's specific problem back to them,
  in their own words, before fixing it; acknowledgements and read-backs of an order number are not mirroring.

  Background:
    Given the customer says "I ordered a green rain jacket for my trip to Scotland and got a pink one in the wrong size."

  Scenario: a restatement with a cue is mirroring
    Given the agent says "Just to confirm, you received a pink jacket in the wrong size instead of the green one?"
    When the call is scored
    Then mirroring is met
    And the evidence for mirroring is turn 1

  Scenario: restating in other words is mirroring
    Given the agent says "It sounds like the coat that turned up isn't the colour or the fit you chose."
    When the call is scored
    Then mirroring is met

  Scenario: "I see" and "got it" are not mirroring
    Given the agent says "I see. Got it."
    When the call is scored
    Then mirroring is not met

  Scenario: reading back an order number is not mirroring
    Given the customer says "It's order R J four four two nine."
    And the agent says "Order R J four four two nine, thank you."
    When the call is scored
    Then mirroring is not met

  Scenario: going straight to a solution is not mirroring
    Given the agent says "I'll send you a return label today."
    When the call is scored
    Then mirroring is not met

  Scenario: speech-to-text without punctuation still mirrors
    Given the agent says "okay so you got a pink jacket in the wrong size when you ordered a green one for your trip"
    When the call is scored
    Then mirroring is met
