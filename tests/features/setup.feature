Feature: Setting up qa-app on a new machine
  A QA lead installs qa-app on a laptop with two commands, seeds the demo content,
  and everyone logs in with a demo account that shows just the pages their role uses.

  Background:
    Given a fresh qa-app installation
    When the lead seeds the demo content

  Scenario: the demo content is seeded once
    When the lead seeds the demo content again
    Then the same demo log-ins are printed
    And the team "Front Line" has the agents "Ana Torres, Ben Okafor"
    And the default rubric is active as version 1

  Scenario Outline: each demo role logs in and sees only its own pages
    When "<user>" logs in with the printed password
    Then the menu shows "<pages>"
    And the first page is "<landing>"

    Examples:
      | user     | landing     | pages                                                                          |
      | admin    | Call queue  | Call queue, Upload calls, Review a call, Progress, Rubric, Drill builder, Admin |
      | reviewer | Call queue  | Call queue, Upload calls, Review a call, Progress                              |
      | trainer  | Progress    | Progress, Rubric, Drill builder                                                |
      | ana      | My feedback | My feedback, Practice drills                                                   |

  Scenario: a wrong password is refused without saying which part was wrong
    When "reviewer" logs in with the password "not-the-password"
    Then the log-in page says "Wrong username or password."

  Scenario: an agent cannot open the admin page by its address
    When "ana" logs in with the printed password
    And she opens the page "admin.py" directly
    Then she is told "You do not have access to this."
