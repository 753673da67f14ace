"""Labels: codes into a column's few values, from Arrow text or an Arrow dictionary."""

from __future__ import annotations

import pyarrow as pa

from exequatur.vector.labels import Labels


def test_text_and_its_dictionary_give_the_same_rows() -> None:
    text = pa.array(["FR", "US-NY", None, "FR"])
    for column in (text, text.dictionary_encode()):
        assert Labels.from_arrow(column).tolist() == ["FR", "US-NY", None, "FR"]


def test_a_dictionary_that_repeats_a_value_is_read_by_its_values() -> None:
    # Indices 0 and 2 both spell "FR": the labels have one code for it, not two.
    repeated = pa.DictionaryArray.from_arrays(pa.array([0, 1, 2, 0]), pa.array(["FR", "US-NY", "FR"]))
    labels = Labels.from_arrow(repeated)
    assert labels.tolist() == ["FR", "US-NY", "FR", "FR"]
    assert sorted(labels.names) == ["FR", "US-NY"]
