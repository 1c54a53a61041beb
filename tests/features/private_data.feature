Feature: Customers' personal data stays out of what people read and hear
  Calls hold card numbers, ID numbers, e-mail addresses and phone numbers. qa-app takes them out of every
  transcript before it is stored, so reviewers, agents and exports never see them, and deletes a call with
  everything derived from it when asked.

  Background:
    Given a fresh qa-app installation with the demo content

  Scenario: a card number read out in a call never reaches the review page
    When the reviewer imports a call where the customer says "it's four nine two nine, one seven five three, zero eight six two, four seven one seven"
    Then the review page shows "it's [card number]"
    And the review page shows no digit of the card

  Scenario Outline: each kind of personal data is replaced by what it was
    When the reviewer imports a call where the customer says "<said>"
    Then the review page shows "<shown>"

    Examples:
      | said                                              | shown                                  |
      | my email is dana dot k at outlook dot com         | my email is [email address]            |
      | call me back on 07700 900123 please               | call me back on [phone number] please  |
      | my social security number is 219-09-9999          | my social security number is [ID number] |
      | the order number is 48213                         | the order number is 48213              |

  Scenario: the admin keeps e-mail addresses visible and card numbers hidden
    Given the redaction policy is "cards"
    When the reviewer imports a call where the customer says "card 4929 1753 0862 4717, mail dana@example.com"
    Then the review page shows "card [card number] mail dana@example.com"

  Scenario: the agent's own data export holds no card number
    When the reviewer imports a call where the customer says "it's 4929 1753 0862 4717"
    And the agent "ana" exports her data
    Then the export holds "[card number]" and not "4929"

  Scenario: deleting a call removes everything derived from it
    When the reviewer imports a call where the customer says "it's 4929 1753 0862 4717"
    And the admin deletes the call
    Then the call, its transcript and its score are gone
    And the audit trail records the deletion by "admin"
