"""The advisers' verdict on an action comes with its reason."""

from pathlib import Path

from game.client import diplomacy_bridge
from game.client.advisers import _sentence, advice_notes
from game.simulation import Simulation

CAMPAIGN = Path(__file__).resolve().parent.parent / "scenarios" / "pak_russia_1947.toml"


def test_the_sentence_names_the_weightiest_interest():
    names = ("security", "economy", "objectives")
    assert _sentence([0.3, 0.0, 0.0], 0.1, names).endswith("it shores up your security.")
    assert "weakens your security" in _sentence([-0.3, 0.1, 0.0], 0.05, names)
    assert "worth less than the capital" in _sentence([0.0, 0.02, 0.0], 0.05, names)


def test_every_legal_option_of_the_campaign_has_a_reasoned_verdict():
    sim = Simulation(CAMPAIGN, seed=0, player="PAK")
    notes = advice_notes(sim.state, "PAK")
    options = [o for o in diplomacy_bridge.options(sim.state, "PAK") if o.legal]
    assert options
    for option in options:
        assert option.key in notes
        assert option.advice_note.startswith("Your advisers ") and ": " in option.advice_note
        verdict = "recommend" in option.advice_note
        if abs(option.advice) > 1e-3:
            assert verdict == (option.advice > 0), (option.key, option.advice, option.advice_note)
