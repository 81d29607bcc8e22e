"""Every statistic has one set of words in the client (game.client.stat_words): the nation
panel, the map modes and the effect texts all read them."""

import numpy as np

from game.client.explain import stat_tooltip
from game.client.mapmodes import MODE_NAMES
from game.client.panels.nation import stat_rows
from game.client.stat_words import stat_words
from game.scenario import STATS


def test_every_engine_statistic_has_words_of_its_own():
    for name in STATS:
        words = stat_words(name)
        assert words.label and words.words and words.label != name, name


def test_the_panel_the_map_modes_and_the_tooltips_use_the_same_words():
    rows = {name: label for name, label, _ in stat_rows(np.zeros(len(STATS)))}
    assert rows["gdp_growth"] == stat_words("gdp_growth").label == "Growth"
    assert MODE_NAMES["military"] == stat_words("military").label
    assert stat_tooltip("defence_share").startswith("Defence spending: ")


def test_an_unknown_statistic_is_named_by_its_id():
    assert stat_words("oil").label == "oil" and stat_words("oil").unit == ""
