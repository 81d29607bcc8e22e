"""Crises and wars: brinkmanship between nations, played round by round on a ladder of levels.

`vocabulary` holds the ids of moves, stances and outcomes; `reckon` what each move is
worth and the risks (read by the AI and by the views alike); `play` the rounds, outcomes,
wars and provocations of the crisis phase; `view` what people see of a crisis (the client's
dialog, the turn summary, the headless `crises` list): plain frozen data, built from the
state, never the state itself. docs/crises.md describes the mechanic.
"""
