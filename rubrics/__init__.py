"""Rubric files trainers read and edit (YAML). A package only so the installed app can find them."""
