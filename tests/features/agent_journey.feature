Feature: An agent reads the feedback on their own calls
  Agents see only their own calls, and only once a reviewer has finalized the review: strengths, gaps with
  the evidence, the reviewer's comments, and their trend per skill.

  Background:
    Given the demo team with its default rubric
    And the reviewer has imported the team's transcribed calls
    And the reviewer has finalized the reviews of "own-good-1, own-poor-1"

  Scenario: the agent sees their own reviewed call with its gaps, strengths and trend
    When "ana" opens My feedback
    Then she sees the call "own-good-1" with a score
    And she sees a trend chart per skill
    And she does not see the call "own-good-2", whose review is not final

  Scenario: editing the address does not open another agent's call
    When "ana" opens My feedback for the call "own-poor-1"
    Then she sees the call "own-good-1" instead

  Scenario: the agent acknowledges a review
    When "ana" opens My feedback
    And she confirms she has read the feedback
    Then the review of "own-good-1" is acknowledged
