Feature: Satisfaction asked
  As a QA lead I want credit only when the agent asks, as a question, whether the solution works or whether
  the customer needs anything else. Speech-to-text often drops the question mark, so word order counts too.

  Background:
    Given the customer says "I was charged for a subscription I cancelled in March."
    And the agent says "I've refunded the charge and closed the subscription."

  Scenario: asking if anything else is needed
    Given the agent then says "Is there anything else I can help you with today?"
    When the call is scored
    Then satisfaction asked is met
    And the evidence for satisfaction asked is turn 2

  Scenario: the same question without a question mark
    Given the agent then says "is there anything else I can help you with today"
    When the call is scored
    Then satisfaction asked is met

  Scenario: asking whether the solution works
    Given the agent then says "Does that sort everything out for you?"
    When the call is scored
    Then satisfaction asked is met

  Scenario: "let us know if you need anything else" is a statement, not a question
    Given the agent then says "Let us know if you need anything else."
    When the call is scored
    Then satisfaction asked is not met

  Scenario: inviting a call back is not asking
    Given the agent then says "Feel free to call back any time."
    When the call is scored
    Then satisfaction asked is not met

  Scenario: a question about the account is not a satisfaction question
    Given the agent then says "Can you confirm the email address on the account?"
    When the call is scored
    Then satisfaction asked is not met

  Scenario: the opening offer to help is not a satisfaction question
    Given the agent then says "How can I help you today?"
    When the call is scored
    Then satisfaction asked is not met

  Scenario: checking the solution for the person the customer calls for counts
    Given the agent then says "Would that be alright for your father, or should I post the letter to him as well?"
    When the call is scored
    Then satisfaction asked is met

  Scenario: asking whether the fix puts things right counts
    Given the agent then says "does that put things right for you"
    When the call is scored
    Then satisfaction asked is met

  Scenario: asking which day suits is a choice, not a satisfaction question
    Given the agent then says "Which day works best for you?"
    When the call is scored
    Then satisfaction asked is not met
