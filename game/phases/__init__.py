"""The phases of a turn, one module each, run in order by `game.engine.step`."""
