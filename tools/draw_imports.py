"""Draw the import graph of `game/` by floor: docs/architecture-imports.svg.

The graph and the floors are `tools/import_graph.py`'s, the same the architecture test
checks. Each floor is a band, lowest at the bottom; an arrow runs from the importing
module to the imported one, so every arrow points down or sideways. The runners and the
client are drawn one box per package (their insides are many small modules); the rest is
one box per module.

    python tools/draw_imports.py            # writes docs/architecture-imports.svg
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: small and searchable
matplotlib.rcParams["svg.hashsalt"] = "alliance-drift"  # the same graph, the same file
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import import_graph as graph  # noqa: E402

OUT = graph.ROOT / "docs" / "architecture-imports.svg"
# Packages drawn as one box: many small modules with one job together.
PACKAGES = ("game.client", "game.batch", "game.calibration", "game.saves", "game.reports")
COLUMNS = 9  # boxes per row within a floor
BOX_W, BOX_H = 1.9, 0.42
FLOOR_COLOURS = ("#e8eef7", "#e9f3ea", "#f6efe2", "#f3e8f1", "#eaf2f3", "#f4ebe6")


def group_of(module: str) -> str:
    """The box a module is drawn in: its package's for PACKAGES (commands stay apart)."""
    for package in PACKAGES:
        if module.startswith(package + ".") and not module.endswith(".commands"):
            return package
    return module


def label_of(group: str, sizes: dict[str, int]) -> str:
    name = group.removeprefix("game.") if group != "game" else "game (package)"
    return f"{name}/ ({sizes[group]} modules)" if group in PACKAGES else name


def layout(
    groups: list[str], ties: set[tuple[str, str]]
) -> tuple[dict[str, tuple[float, float]], list[tuple[float, float]]]:
    """Box centres, floor by floor from the bottom, and each floor's (bottom, top).

    Within a floor a box sits above the boxes it imports (rows by depth of in-floor
    imports), so every arrow points down; a row is ordered by where its imports sit."""
    by_floor: dict[int, list[str]] = defaultdict(list)
    for group in groups:
        by_floor[graph.floor_of(group)].append(group)
    where: dict[str, tuple[float, float]] = {}
    bands = []
    y = 0.0
    for floor in range(len(graph.FLOORS)):
        members = sorted(by_floor[floor])
        depth = _depths(members, ties)
        rows: list[list[str]] = []
        for level in range(max(depth.values(), default=0) + 1):
            at_level = [m for m in members if depth[m] == level]
            at_level.sort(key=lambda m: (_pull(m, ties, where), m))
            rows.extend(at_level[k : k + COLUMNS] for k in range(0, len(at_level), COLUMNS))
        bottom = y
        for row, members_of_row in enumerate(rows):
            shift = (COLUMNS - len(members_of_row)) / 2 + (0.25 if row % 2 else 0.0)
            for column, group in enumerate(members_of_row):
                where[group] = ((column + shift) * (BOX_W + 0.35) + 3.2, y + 0.55 + row * 0.85)
        y += max(len(rows), 1) * 0.85 + 0.5
        bands.append((bottom, y - 0.1))
    return where, bands


def _depths(members: list[str], ties: set[tuple[str, str]]) -> dict[str, int]:
    """Longest chain of imports within the floor below each member (0: imports none)."""
    inside = set(members)
    below = {m: [t for s, t in ties if s == m and t in inside] for m in members}
    depth: dict[str, int] = {}

    def visit(member: str) -> int:  # the floor has no circle (the test holds that)
        if member not in depth:
            depth[member] = 0
            depth[member] = 1 + max((visit(t) for t in below[member]), default=-1)
        return depth[member]

    for member in members:
        visit(member)
    return depth


def _pull(member: str, ties: set[tuple[str, str]], where: dict[str, tuple[float, float]]) -> float:
    """Mean x of the boxes already placed that `member` imports (keeps arrows short)."""
    xs = [where[t][0] for s, t in ties if s == member and t in where]
    return sum(xs) / len(xs) if xs else 1e9


def draw(out: Path = OUT) -> Path:
    edges = graph.imports()
    modules = graph.modules()
    sizes: dict[str, int] = defaultdict(int)
    for module in modules:
        sizes[group_of(module)] += 1
    ties = {
        (group_of(e.source), group_of(e.target))
        for e in edges
        if group_of(e.source) != group_of(e.target)
    }
    groups = sorted(g for g in sizes if any(g in tie for tie in ties))  # the lazy facade: none
    where, bands = layout(groups, ties)
    width = COLUMNS * (BOX_W + 0.35) + 4.2
    height = bands[-1][1] + 0.3
    fig, ax = plt.subplots(figsize=(width * 0.95, height * 0.95))
    for floor, (bottom, top) in enumerate(bands):
        name, what, _ = graph.FLOORS[floor]
        ax.add_patch(
            FancyBboxPatch(
                (0.1, bottom + 0.05),
                width - 0.2,
                top - bottom - 0.1,
                boxstyle="round,pad=0.02",
                facecolor=FLOOR_COLOURS[floor % len(FLOOR_COLOURS)],
                edgecolor="#b8c0cc",
            )
        )
        ax.text(0.25, top - 0.2, f"{floor}. {name}", fontsize=11, weight="bold", va="top")
        ax.text(0.25, top - 0.5, _wrap(what, 24), fontsize=6.5, va="top", color="#444444")
    for source, target in sorted(ties):
        (x0, y0), (x1, y1) = where[source], where[target]
        same = graph.floor_of(source) == graph.floor_of(target)
        ax.add_patch(
            FancyArrowPatch(
                (x0, y0 - BOX_H / 2 if not same else y0),
                (x1, y1 + BOX_H / 2 if not same else y1),
                arrowstyle="-|>",
                mutation_scale=6,
                linewidth=0.4,
                alpha=0.22,
                color="#1f4e8c" if not same else "#8c5a1f",
                connectionstyle="arc3,rad=0.25" if same else "arc3,rad=0.0",
                shrinkA=2,
                shrinkB=2,
            )
        )
    for group in groups:
        x, y = where[group]
        ax.add_patch(
            FancyBboxPatch(
                (x - BOX_W / 2, y - BOX_H / 2),
                BOX_W,
                BOX_H,
                boxstyle="round,pad=0.02",
                facecolor="white",
                edgecolor="#555555" if group not in PACKAGES else "#1f4e8c",
                linewidth=0.8 if group not in PACKAGES else 1.4,
            )
        )
        ax.text(x, y, label_of(group, sizes), ha="center", va="center", fontsize=6.2)
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    ax.set_title(
        f"Imports of game/ by floor ({len(modules)} modules, {len(edges)} imports): arrows "
        "run from importer to imported, down or within a floor (brown)",
        fontsize=10,
    )
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format=out.suffix.lstrip(".") or "svg", metadata={"Date": None})
    plt.close(fig)
    return out


def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    print(f"wrote {draw(target)}")
