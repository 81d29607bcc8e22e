"""Crises and wars: brinkmanship between nations, played round by round on a ladder of levels.

`game.crises.view` is what people see of a crisis (the client's dialog, the turn summary,
the headless `crises` list): plain frozen data, built from the state, never the state itself.
"""
