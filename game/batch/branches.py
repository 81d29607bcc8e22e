"""What changes the outcome: the same seeds played once as the policy decides an event and
once with each of its options forced, side by side.

Every branch plays the same seeds, so the branches differ only by the choice (and by
what follows from it): a paired comparison, with less noise than unrelated batches.
"""

from __future__ import annotations

from dataclasses import replace

from game.batch.console import table_lines
from game.batch.result import comparison_claim, interval_text, pair_series, shared_nation
from game.batch.runner import BatchSpec, Progress
from game.crises.vocabulary import crisis_seat_words
from game.errors import InputError

FORMAT = "alliance-drift branch comparison"
VERSION = 1
POLICY_BRANCH = "policy"  # the branch in which the policy decides the event
TABLE_COMPARISONS = 3  # comparisons shown as columns of the terminal table


class BranchComparison(dict):
    """What `run_branches` returns and --out writes: a plain dict that also converts to a
    tidy table."""

    def to_frame(self):
        """Every branch's per-year numbers as one long DataFrame, led by a `branch` column
        (needs the `data` extra; see game.tidy)."""
        from game.tidy import branches_frame

        return branches_frame(self)


def branch_specs(spec: BatchSpec, event_id: str) -> list[tuple[str, BatchSpec]]:
    """(name, spec) for the policy's own branch, then one per option of the event."""
    scenario = spec.scenario
    if "." in event_id:  # a crisis seat, CRISIS.NATION: one branch per move or stance
        options = list(crisis_seat_words("--branches", event_id, scenario))
    elif event_id not in scenario.event_index:
        raise InputError(f"--branches: no event '{event_id}' in {scenario.name}")
    else:
        options = [o.id for o in scenario.events[scenario.event_index[event_id]].options]
    if any(event == event_id for event, _ in spec.forced):
        raise InputError(f"--branches: '{event_id}' is also forced; give it to one of the two")
    if len(options) < 2:
        raise InputError(f"--branches: event '{event_id}' has one option only; nothing to compare")
    out = [(POLICY_BRANCH, spec)]
    for option in options:
        out.append((option, replace(spec, forced=(*spec.forced, (event_id, option)))))
    return out


def run_branches(
    spec: BatchSpec,
    event_id: str,
    workers: int = 1,
    dask_address: str | None = None,
    progress: Progress | None = None,
    dask_timeout: float | None = None,
) -> BranchComparison:
    """Every branch's summary (see `run_batch`), as the --out file holds them."""
    from game.batch.api import run_batch
    from game.batch.parallel import DASK_TIMEOUT

    branches = []
    for name, branch in branch_specs(spec, event_id):
        summary = run_batch(
            branch,
            workers=workers,
            dask_address=dask_address,
            progress=progress,
            dask_timeout=dask_timeout or DASK_TIMEOUT,
        )
        branches.append({"branch": name, "summary": summary})
    return BranchComparison(
        format=FORMAT,
        version=VERSION,
        event=event_id,
        policy=spec.policy,
        runs_per_branch=spec.runs,
        branches=branches,
    )


def branch_table(result: dict, elapsed: float) -> list[str]:
    """The terminal's table: per branch, the share of runs where the event fired, each
    chosen pair's median at the end, and the comparisons that share a nation."""
    first = result["branches"][0]["summary"]
    event = result["event"]
    end = first["end_year"]
    runs = result["runs_per_branch"]
    lines = [
        f"{first['scenario']['name']}: branches of {event}, {runs:,} runs each "
        f"(seeds {first['seeds']['first']}..{first['seeds']['last']}), policy {result['policy']}, "
        f"{first['start_year']}–{end}, {elapsed:.1f} s"
    ]
    pairs = [
        key
        for key in first["chosen_pairs"]
        if any(_median(b["summary"], key) is not None for b in result["branches"])
    ]
    comparisons = [
        (key, c)
        for key, c in first["comparisons"].items()
        if shared_nation(c["first"], c["second"]) is not None
    ][:TABLE_COMPARISONS]
    seat = "." in event  # a crisis seat: how often the crisis opened, and came to war
    crisis_id = event.partition(".")[0]
    opened = [f"{crisis_id} opened", f"{crisis_id} war"] if seat else [f"{event} fired"]
    header = ["branch", *opened] + [f"{key} {end}" for key in pairs]
    header += [comparison_claim(c["first"], c["second"]) for _, c in comparisons]
    rows = []
    for branch in result["branches"]:
        summary = branch["summary"]
        name = "as the policy decides" if branch["branch"] == POLICY_BRANCH else branch["branch"]
        if seat:
            crisis = summary["crises"][crisis_id]
            shares = crisis["outcome_shares"]
            row = [
                name,
                f"{crisis['opened_share']:.0%}",
                f"{shares['war'] + shares['nuclear']:.0%}",
            ]
        else:
            row = [name, f"{summary['events'][event]['fired_share']:.0%}"]
        for key in pairs:
            median = _median(summary, key)
            row.append("—" if median is None else f"{median:+.1f}")
        for key, _ in comparisons:
            share = summary["comparisons"][key]["end"]
            row.append(
                "—"
                if share["first_higher"] is None
                else f"{share['first_higher']:.1%} ({interval_text(share['interval95'])})"
            )
        rows.append(row)
    return lines + table_lines(header, rows)


def _median(summary: dict, key: str) -> float | None:
    series = pair_series(summary, key)
    return None if series is None else series["p50"][-1]
