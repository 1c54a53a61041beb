Feature: A QA reviewer checks each call's automatic score against the evidence
  Reviewers work through the queue, oldest unreviewed call first, override what the scorer got wrong
  with a comment, and finalize. Nothing a colleague saved is ever overwritten silently.

  Background:
    Given the demo team with its default rubric
    And the reviewer has imported the team's transcribed calls

  Scenario: the queue puts the oldest unreviewed call first
    When the reviewer opens the call queue
    Then the calls are listed as "own-good-1, own-poor-1, own-good-2, own-poor-2"

  Scenario: the review shows each verdict with its evidence in the transcript
    When the reviewer opens the call "own-poor-1"
    Then "No excuses" is "Not met" with evidence quoting "the delivery company messed that up"

  Scenario: overriding a verdict with a comment and finalizing
    When the reviewer opens the call "own-poor-2"
    And sets "empathy" to "Met" with the comment "Warm tone on the audio."
    And finalizes the review
    Then the review of "own-poor-2" is final with "empathy" overridden to "met"
    And the audit trail of "own-poor-2" lists "review.open, review.override, review.finalize"

  Scenario: two reviewers editing the same review
    Given two reviewers have the call "own-good-1" open
    When the first reviewer saves the draft comment "Good recap."
    And the second reviewer saves the draft comment "Needs work."
    Then the second reviewer is told "Someone saved this review since you opened it"
    And the review of "own-good-1" keeps the comment "Good recap."
