Feature: Call metrics from turn times
  As a QA lead I want calls with timestamps to show how promptly the agent greeted, how the talking time was
  shared, long silences and the agent talking over the customer; calls without times cannot be measured.

  Scenario: a well-paced call
    Given the agent says "Hello, thanks for calling, this is Mo." from 0.5 to 2.5 seconds
    And the customer says "Hi, my order arrived damaged and I need a new one." from 3.0 to 7.0 seconds
    And the agent says "I'm sorry, I've sent a new one today." from 7.5 to 10.0 seconds
    And the customer says "Great, thanks." from 10.5 to 11.5 seconds
    When the call is scored
    Then prompt greeting is met
    And talk listen ratio is met
    And long silences is met
    And interruptions is met
    And the call metric "first_agent_seconds" is 0.5

  Scenario: a slow start, dead air and talking over the customer
    Given the customer says "Hello? Is anyone there?" from 0.0 to 6.0 seconds
    And the agent says "Yes, hi, sorry, how can I help?" from 8.0 to 10.0 seconds
    And the customer says "My washing machine is leaking all over the kitchen floor and it's flooding." from 10.5 to 16.0 seconds
    And the agent says "Okay, let me look." from 14.0 to 15.0 seconds
    And the customer says "Thanks." from 16.5 to 17.0 seconds
    And the agent says "Right, an engineer is booked for Friday." from 30.0 to 32.0 seconds
    And the customer says "Okay, and what time will the engineer come?" from 32.3 to 35.0 seconds
    And the agent says "Between eight and twelve. Bye now." from 33.5 to 35.5 seconds
    When the call is scored
    Then prompt greeting is not met
    And long silences is not met
    And interruptions is not met
    And the call metric "long_silences" is 1
    And the call metric "interruptions" is 2

  Scenario: a transcript without times cannot be measured
    Given the agent says "Hello, thanks for calling."
    And the customer says "Hi, my order is late."
    When the call is scored
    Then prompt greeting is not applicable
    And talk listen ratio is not applicable
    And long silences is not applicable
    And interruptions is not applicable
