Feature: No excuses
  As a QA lead I want any excuse to cost the call this criterion — blaming a courier, a system, staffing or the
  customer, or refusing help — while a brief factual cause given together with a fix is not an excuse.

  Background:
    Given the customer says "My parcel was supposed to come on Monday and it still isn't here."

  Scenario: a call without excuses meets the criterion and shows no evidence
    Given the agent says "I'm sorry about that. I've sent a replacement by express, it arrives tomorrow."
    When the call is scored
    Then no excuses is met
    And there is no evidence for no excuses

  Scenario: blaming the courier is an excuse
    Given the agent says "That's on the courier, I'm afraid, not us."
    When the call is scored
    Then no excuses is not met
    And the evidence for no excuses is turn 1

  Scenario: an excuse inside a long turn is found
    Given the agent says "Thanks for waiting. I've looked at the order and the tracking. Honestly our system has been really glitchy all week. Anyway, it should turn up soon."
    When the call is scored
    Then no excuses is not met
    And the evidence for no excuses quotes "Honestly our system has been really glitchy all week."

  Scenario: a factual cause while taking ownership is not an excuse
    Given the agent says "The parcel was mis-scanned at our depot, so I've sent a replacement by express."
    When the call is scored
    Then no excuses is met

  Scenario: refusing help is an excuse
    Given the agent says "That's not my department, there's nothing I can do."
    When the call is scored
    Then no excuses is not met

  Scenario: blaming the customer is an excuse
    Given the agent says "You should have read the delivery policy before ordering."
    When the call is scored
    Then no excuses is not met

  Scenario: staffing is an excuse
    Given the agent says "We're really short-staffed this month, so things are slow."
    When the call is scored
    Then no excuses is not met

  Scenario: telling the customer it is not their fault is not an excuse
    Given the agent says "It's not your fault at all, and I'll make sure it's put right today."
    When the call is scored
    Then no excuses is met

  Scenario: blaming a subcontractor is an excuse
    Given the agent says "The delay's down to the subcontractor we use for deliveries, they didn't turn up."
    When the call is scored
    Then no excuses is not met

  Scenario: blaming the weather is an excuse
    Given the agent says "Fog closed the airport hub overnight, so nothing went out."
    When the call is scored
    Then no excuses is not met

  Scenario: disowning the rule that is applied is an excuse
    Given the agent says "Our policy is to wait ten working days. I don't make the rules, I'm afraid."
    When the call is scored
    Then no excuses is not met

  Scenario: the same party mentioned while owning the fix is no excuse
    Given the agent says "I've spoken to our subcontractor myself and booked them for eight tomorrow morning."
    When the call is scored
    Then no excuses is met
