"""The field table is the one place ranges, symmetry and labels come from."""

from __future__ import annotations

import numpy as np

from game import expr, fields, scenario
from game.compile import Compiler, Context
from game.construction import initial_state
from game.invariants import invariant_problems


def test_the_stats_axis_follows_the_table():
    assert scenario.STATS is fields.STATS
    assert list(fields.STAT_INDEX) == [f.name for f in fields.STAT_FIELDS]
    assert fields.STAT_LOW.tolist() == [f.low for f in fields.STAT_FIELDS]
    assert fields.stat_label("defence_share") == "defence spending (% of GDP)"
    assert fields.stat_label("stability") == "stability"


def test_compiled_effects_keep_each_ties_range_and_symmetry(example):
    state = initial_state(example, seeds=[1])
    ctx = Context(state, 1950, 0)
    compiler = Compiler(example)
    i, j = example.nation_index["PAK"], example.nation_index["USA"]
    everywhere = np.array([True])
    for name, tie in fields.PAIR_FIELDS.items():
        compiler.effect(expr.parse_effect(f"{name}(PAK, USA) = 1e9"))(ctx, everywhere)
        array = getattr(state, tie.attribute)
        assert array[0, i, j] == tie.high, name
        assert (array[0, j, i] == tie.high) == tie.symmetric, name


def test_invariants_read_the_table(example):
    state = initial_state(example, seeds=[1])
    assert invariant_problems(state) == []
    state.trade[0, 0, 1] = state.trade[0, 1, 0] = fields.PAIR_FIELDS["trade"].high + 1
    state.aid[0, 0, 1] = fields.PAIR_FIELDS["aid"].low - 1
    problems = invariant_problems(state)
    assert any(p.startswith("trade out of range 0..100") for p in problems)
    assert "aid is below 0" in problems
