"""The what-if notebook runs from top to bottom, as a reader would run it, with a handful
of runs (its parameters cell is rewritten), so it never falls behind the code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")
pytest.importorskip("pandas")

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "notebooks" / "what-if.ipynb"


def test_the_what_if_notebook_executes(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # today's paths, without a warning
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    (parameters,) = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert "RUNS = " in parameters.source and "WORKERS = " in parameters.source
    parameters.source = "RUNS = 24\nWORKERS = 1\n"
    client = nbclient.NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},  # the kernel's folder: its files go there
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, if one fails
    outputs = [
        output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
    ]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "24 runs: in 2030 Pakistan is closer to Russia" in text
    assert "frontline: PAK:RUS median" in text and "stay_out: PAK:RUS median" in text
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(figures) == 2  # the fan chart and the branches' medians
    assert (tmp_path / "branches.csv").stat().st_size > 1000
    assert os.environ.get("JUPYTER_PLATFORM_DIRS") == "1"
