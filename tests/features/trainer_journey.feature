Feature: A trainer tunes the rubric and watches the team's progress
  Trainers try wording against the rubric before changing it, save new versions without touching old
  scores, rescore the history, and follow each agent and criterion over time.

  Background:
    Given the demo team with its default rubric
    And the reviewer has imported the team's transcribed calls

  Scenario: trying an exchange against the rubric
    When the trainer tries the exchange:
      """
      Customer: My internet has been down since Friday and I work from home.
      Agent: I can imagine how stressful that is when your job depends on it.
      """
    Then "Empathy" is met in the try-it result

  Scenario: a broken rubric is refused with the place of the error
    When the trainer saves a rubric whose first weight is "250"
    Then the rubric page says "must be from 0 to 100, got 250"
    And the active rubric is still version 1

  Scenario: saving a change makes a new version and rescoring follows
    When the trainer changes the weight of "empathy" to 40 and saves
    Then the active rubric is version 2
    And the scores already made keep version 1
    When the trainer rescores all calls
    Then every call has a score under version 2

  Scenario: progress shows each agent's score per week
    When the trainer opens Progress
    Then the page shows charts for agents, criteria, the heatmap and the most missed criteria
    And the CSV export lists "Ana Torres" and "Ben Okafor"
