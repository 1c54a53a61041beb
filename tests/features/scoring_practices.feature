Feature: Good practice beyond the five core criteria
  As a QA lead I want the default rubric to also check the practices that go with the core behaviours: an
  apology where one is due, ownership of a concrete fix, alternatives, thanks, courteous language, and keeping
  the problem on the call instead of sending the customer elsewhere.

  Background:
    Given the customer says "My card was charged twice for the same order."

  Scenario: a good agent meets every practice
    Given the agent says "I'm sorry about that. I've refunded the second charge, or I can turn it into store credit if you'd prefer. Thanks for flagging it."
    When the call is scored
    Then apology when due is met
    And ownership is met
    And alternatives is met
    And thanks is met
    And no rude language is met
    And no channel pushing is met

  Scenario: rude and demanding language is flagged
    Given the agent says "You need to calm down, I already told you the refund takes a week."
    When the call is scored
    Then no rude language is not met
    And the evidence for no rude language is turn 1

  Scenario: sending the customer to another channel is flagged
    Given the agent says "You'll have to call your bank about that, or send us an email."
    When the call is scored
    Then no channel pushing is not met

  Scenario: the agent's own follow-up by email is not channel pushing
    Given the agent says "I'll email you the refund confirmation in a minute."
    When the call is scored
    Then no channel pushing is met
    And ownership is met

  Scenario: an apology is only due when the customer reports a problem
    Given a new call
    And the customer says "Hi, I'd just like to know your opening hours on Sunday."
    And the agent says "We're open from ten to four on Sundays."
    When the call is scored
    Then apology when due is not applicable
