"""A column of few distinct values (forums, currencies, stated rates) as small integer codes into those values.

A portfolio's forum and currency columns hold a handful of values over millions of rows. As Python objects they
cost a pointer and a hash per row in every step; as codes they cost a byte or two, and grouping, gathering and
comparing them is integer work. Files read them as Arrow dictionaries, which are this already.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class Labels:
    """Row k holds names[codes[k]]. A name may be any hashable value, None among them."""

    codes: np.ndarray
    names: tuple[Hashable, ...]

    @staticmethod
    def of(values: Any) -> Labels:
        """Labels of a sequence of values (already Labels: themselves). Text goes through Arrow's hash kernel;
        other values (Decimals, None) through a dict, which suits the short columns they come in."""
        if isinstance(values, Labels):
            return values
        import pyarrow as pa

        array = np.asarray(values, object) if not isinstance(values, np.ndarray) else values
        try:
            text = pa.array(array.astype(object), pa.string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return Labels.from_values(array.tolist())
        return Labels.from_arrow(text)

    @staticmethod
    def from_values(values: Iterable[Hashable]) -> Labels:
        found: dict[Hashable, int] = {}
        codes = [found.setdefault(v, len(found)) for v in values]
        return Labels(np.array(codes, _code_type(len(found))), tuple(found))

    @staticmethod
    def sparse(count: int, values: dict[int, Hashable], default: Hashable = None) -> Labels:
        """`count` rows of `default` but those of `values` (row: value)."""
        found: dict[Hashable, int] = {default: 0}
        for value in values.values():
            found.setdefault(value, len(found))
        codes = np.zeros(count, _code_type(len(found)))
        for row, value in values.items():
            codes[row] = found[value]
        return Labels(codes, tuple(found))

    @staticmethod
    def from_arrow(text: Any) -> Labels:
        """Labels of an Arrow text column (a missing value as None), by Arrow's hash kernel; a dictionary column
        (as Parquet keeps a column of few values) by its own codes, where its values are distinct."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if isinstance(text, pa.ChunkedArray):
            text = text.combine_chunks()
        encoded = text
        if not pa.types.is_dictionary(text.type) or len(set(text.dictionary.to_pylist())) < len(text.dictionary):
            encoded = pc.dictionary_encode(text.dictionary_decode() if pa.types.is_dictionary(text.type) else text)
        names = tuple(encoded.dictionary.to_pylist())
        indices = encoded.indices
        if indices.null_count:
            names, indices = (*names, None), indices.fill_null(len(names))
        return Labels(np.asarray(indices.to_numpy(zero_copy_only=False), _code_type(len(names))), names)

    @staticmethod
    def constant(value: Hashable, count: int) -> Labels:
        """`count` rows of one value."""
        return Labels(np.zeros(count, np.int8), (value,))

    def code_of(self, value: Hashable) -> int:
        """The code of `value`, or -1 where no row could hold it."""
        for k, name in enumerate(self.names):
            if name == value and type(name) is type(value):
                return k
        return -1

    def equals(self, value: Hashable) -> np.ndarray:
        """Which rows hold `value`."""
        code = self.code_of(value)
        return np.zeros(len(self.codes), bool) if code < 0 else self.codes == code

    def compact(self) -> Labels:
        """The same rows with only the names some row holds (after rows were taken away)."""
        used = np.bincount(self.codes.astype(np.int64), minlength=len(self.names)) > 0
        if used.all():
            return self
        number = np.cumsum(used) - 1
        names = tuple(n for n, u in zip(self.names, used.tolist(), strict=True) if u)
        return Labels(number[self.codes].astype(_code_type(len(names))), names)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int | np.integer):
            return self.names[int(self.codes[key])]
        return Labels(self.codes[key], self.names)

    def __len__(self) -> int:
        return len(self.codes)

    def tolist(self) -> list[Any]:
        return [self.names[c] for c in self.codes.tolist()]

    def values(self) -> np.ndarray:
        """Row by row, as a numpy array of objects (each distinct value one object)."""
        table = np.empty(len(self.names), object)
        table[:] = list(self.names)
        values: np.ndarray = table[self.codes]
        return values

    def to_arrow(self) -> Any:
        """As Arrow text, one string per row (None as a missing value)."""
        return self.to_dictionary().dictionary_decode()

    def to_dictionary(self) -> Any:
        """As an Arrow dictionary of text (int32 codes; None as a missing value): the codes as they are, no string
        per row."""
        import pyarrow as pa

        missing = self.code_of(None)
        names = pa.array(["" if n is None else str(n) for n in self.names], pa.string())
        codes = self.codes.astype(np.int32, copy=False)
        mask = self.codes == missing if missing >= 0 else None  # a missing row, never a missing name
        return pa.DictionaryArray.from_arrays(codes, names, mask=mask)


def _code_type(count: int) -> type[np.signedinteger[Any]]:
    return np.int8 if count < 2**7 else np.int16 if count < 2**15 else np.int32
