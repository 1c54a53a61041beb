Feature: A reviewer uploads a two-channel call and sees who said what
  Call systems record each party on its own channel, usually the agent on the left. The reviewer gets the call
  back as timed turns, each labelled agent or customer, and can say which channel was the agent's when the
  phone system recorded it the other way round.

  Scenario: a call recorded with the agent on the left
    Given a two-channel call recording with the agent on the left channel
    When the reviewer transcribes it
    Then the turns alternate "agent, customer, agent, customer"
    And the agent's words include "thank you for calling" and "anything else"
    And the customer's words include "march" and "goodbye"
    And every turn starts within a second of when that party began to speak

  Scenario: a telephone call recorded with the agent on the right
    Given an 8 kHz telephone recording with the agent on the right channel
    When the reviewer transcribes it saying the agent is on the right channel
    Then the turns alternate "agent, customer, agent, customer"
    And the agent's words include "how may i help" and "anything else"

  Scenario: the reviewer names the wrong channel
    Given an 8 kHz telephone recording with the agent on the right channel
    When the reviewer transcribes it saying the agent is on the left channel
    Then the turns alternate "customer, agent, customer, agent"

  Scenario: a file that is not a recording
    Given a text file named like a recording
    When the reviewer transcribes it
    Then the reviewer is told in one sentence that it is not a readable audio file
    And the file is left as it was
