Feature: Empathy
  As a QA lead I want the scorer to credit agents who acknowledge how the customer feels, and only them:
  a formula or a dismissal is not empathy, however polite it sounds.

  Background:
    Given the customer says "My daughter's birthday present never arrived and the party was yesterday."

  Scenario: naming the customer's feeling is empathy
    Given the agent says "I can imagine how upsetting that must have been for both of you."
    When the call is scored
    Then empathy is met
    And the evidence for empathy is turn 1
    And the evidence for empathy quotes "I can imagine how upsetting that must have been for both of you."

  Scenario: an apology alone is not empathy
    Given the agent says "Sorry for the inconvenience. Can I have the order number?"
    When the call is scored
    Then empathy is not met

  Scenario: "sorry you feel that way" dismisses the customer
    Given the agent says "I'm sorry you feel that way, but the order shows as delivered."
    When the call is scored
    Then empathy is not met

  Scenario: a negated imagination is not empathy
    Given the agent says "I can't imagine why you'd be upset about a one day delay."
    When the call is scored
    Then empathy is not met

  Scenario: telling the customer to calm down is not empathy
    Given the agent says "Please calm down, there's no need to be upset."
    When the call is scored
    Then empathy is not met

  Scenario: an empathic sentence followed by "but" still counts
    Given the agent says "I understand how disappointing this is, but we can't reship before Monday."
    When the call is scored
    Then empathy is met

  Scenario: validating the personal impact counts without a feeling word
    Given the agent says "I know how much that party meant to you and your daughter."
    When the call is scored
    Then empathy is met

  Scenario: putting yourself in the customer's shoes counts
    Given the agent says "Honestly, if I were in your shoes I'd feel exactly the same."
    When the call is scored
    Then empathy is met

  Scenario: an apology about what happened to the customer counts
    Given the agent says "I'm so sorry your daughter had to wait for her present."
    When the call is scored
    Then empathy is met

  Scenario: a generic acknowledgement is not empathy
    Given the agent says "Okay, I understand. Let me check the tracking."
    When the call is scored
    Then empathy is not met

  Scenario: what the problem did to the customer's day counts without a feeling word
    Given the agent says "Oh no, that must have turned the whole party upside down for you."
    When the call is scored
    Then empathy is met

  Scenario: acknowledging how much the customer has to cope with counts
    Given the agent says "Organising a party and chasing a missing present, that's a lot to juggle."
    When the call is scored
    Then empathy is met

  Scenario: a warning about what might happen is not empathy
    Given the agent says "Reordering now might throw off your delivery date by a day."
    When the call is scored
    Then empathy is not met
