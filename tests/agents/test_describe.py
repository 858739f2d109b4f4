"""`describe`: what a live value is, how big, a few samples; long values are cut."""
from __future__ import annotations

import pytest

from cove._agents.describe import SAMPLE_ITEMS, TEXT_LIMIT, describe


def test_scalars_text_and_collections() -> None:
    assert describe(3) == {"type": "int", "kind": "scalar", "value": "3"}
    assert describe(float("nan"))["value"] == "nan"
    long = describe("x" * 10_000)
    assert long["length"] == 10_000 and len(long["value"]) < TEXT_LIMIT + 50
    assert long["value"].endswith("more characters]")
    seq = describe(list(range(10)) + ["a"] + [0] * 1_000_000)
    assert seq["kind"] == "sequence" and seq["length"] == 1_000_011
    assert seq["item_types"] == ["int", "str"] and seq["sample"] == ["0", "1", "2", "3", "4"]
    mapping = describe({f"k{i}": i for i in range(50)})
    assert mapping["length"] == 50 and len(mapping["sample"]) == SAMPLE_ITEMS
    assert describe({1, 2})["kind"] == "set"


def test_functions_classes_modules_and_objects() -> None:
    def area(r: float) -> float:
        """The area of a disc."""
        return r

    fn = describe(area)
    assert fn["kind"] == "function" and fn["signature"].startswith("area(r: ") and fn["doc"] == "The area of a disc."
    assert describe(int)["kind"] == "class"
    import json

    assert describe(json)["kind"] == "module"

    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    assert "Broken" in describe(Broken())["repr"]  # a broken __repr__ does not break describe


def test_huge_values_are_described_without_building_their_repr() -> None:
    import time

    huge = {"rows": list(range(5_000_000)), "text": "y" * 50_000_000}
    started = time.perf_counter()
    out = describe(huge)
    assert time.perf_counter() - started < 0.5
    (rows_key, rows), (text_key, text) = out["sample"]
    assert (rows_key, rows) == ("'rows'", "[0, 1, 2, 3, 4, ...]")
    assert text_key == "'text'" and len(text) <= 60 and "..." in text


def test_arrays_give_shape_dtype_and_a_sample() -> None:
    np = pytest.importorskip("numpy")
    out = describe(np.arange(24, dtype="float32").reshape(2, 3, 4))
    assert out == {
        "type": "numpy.ndarray", "kind": "array", "shape": [2, 3, 4], "dtype": "float32",
        "sample": ["0.0", "1.0", "2.0", "3.0", "4.0"],
    }


def test_frames_and_series_go_through_narwhals() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("narwhals")
    frame = pd.DataFrame({"name": ["a" * 500, "b", "c"] * 1000, "n": range(3000)})
    out = describe(frame)
    assert out["kind"] == "frame" and out["shape"] == [3000, 2]
    assert list(out["schema"]) == ["name", "n"] and out["schema"]["n"].lower().startswith("int")
    assert len(out["head"]) == SAMPLE_ITEMS and out["head"][1] == {"name": "'b'", "n": "1"}
    assert len(out["head"][0]["name"]) < 100  # long cells are cut
    series = describe(frame["n"])
    assert series["kind"] == "series" and series["length"] == 3000 and series["head"][:2] == ["0", "1"]


def test_ui_elements_give_their_label_and_value() -> None:
    import cove

    assert describe(cove.ui.slider(1, 10, value=3, label="n")) == {
        "type": "cove.ui._numeric.slider", "kind": "ui", "label": "n",
        "value": {"type": "int", "kind": "scalar", "value": "3"},
    }
