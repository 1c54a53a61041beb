Feature: Installing qa-app for real use, without the demo
  On a real installation nobody can log in until the lead creates the first admin on the server and types the
  password there. No demo account exists unless the demo is seeded, and no password is built into the product.

  Background:
    Given a fresh qa-app installation

  Scenario: the log-in page says how to create the first admin
    When someone opens qa-app
    Then the log-in page warns "No accounts yet"
    And "admin" cannot log in with the password "admin"

  Scenario: the lead creates the first admin with the password typed at install
    When the lead creates the admin "lead" with the password "a long pass phrase"
    Then "lead" logs in with the password "a long pass phrase" and sees "Admin"
    And the log-in page no longer warns about accounts
    And the only account is "lead"
    And the audit trail records that the server console added "lead" as admin

  Scenario: a short password is refused
    When the lead creates the admin "lead" with the password "short"
    Then the command fails with "A password needs at least"
    And there is no account
