"""Arrow columns as numpy arrays, for the vectorised paths: the chunks of a column as one
array, dates as day numbers, decimal strings as floats, strings as codes into a list of
values, the validity bitmap and the data buffer of a flat array.

Shared by the columnar modules (scoring and the rates); not a public API.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from veteran_services.errors import InvalidInputError

__all__ = [
    "buffer_of",
    "column_of",
    "day_numbers",
    "encode_together",
    "float_values",
    "known_codes",
    "validity",
    "value_codes",
]


def column_of(table: pa.Table, name: str) -> pa.Array:
    column = table.column(name)
    if column.num_chunks == 0:
        return pa.array([], type=column.type)
    return column.chunk(0) if column.num_chunks == 1 else pa.concat_arrays(column.chunks)


def day_numbers(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01 (0 where null) and the validity mask of a date column."""
    if array.type == pa.date32():  # the layout's type: read the buffers
        days32 = buffer_of(array, np.int32)
        valid = validity(array)
        if valid is None:
            return days32.astype(np.int64), np.ones(len(array), dtype=bool)
        return np.where(valid, days32, 0).astype(np.int64), valid
    valid = np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    days = pc.fill_null(array.cast(pa.int32()), 0).to_numpy(zero_copy_only=False)
    return days.astype(np.int64), valid


def float_values(array: pa.Array, argument: str, name: str) -> np.ndarray:
    """A decimal-string (or numeric) column as float64, NaN where null."""
    try:
        values = array.cast(pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        msg = f"'{argument}' column {name!r} must hold decimal numbers"
        raise InvalidInputError(argument, msg) from None
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float64)


def value_codes(array: pa.Array, values: Sequence[str], argument: str, name: str) -> np.ndarray:
    """The position of each value in *values* (-1 where null); unknown values are an error.

    A dictionary-encoded column is looked up once per dictionary entry."""
    if pa.types.is_dictionary(array.type):
        # -2: an entry that is not among *values* (an error if used); -1: null
        of_entry = known_codes(array.dictionary, values)
        of_entry[of_entry < 0] = -2
        indices = array.indices
        entries = buffer_of(indices, indices.type.to_pandas_dtype())
        codes: np.ndarray = of_entry[entries] if len(of_entry) else np.full(len(entries), -1)
        valid = validity(indices)
        if valid is not None:
            codes[~valid] = -1
        if (codes == -2).any():
            bad = array.dictionary[int(entries[np.flatnonzero(codes == -2)[0]])].as_py()
            msg = f"'{argument}' column {name!r} must hold one of {list(values)!r}, got {bad!r}"
            raise InvalidInputError(argument, msg)
        return codes
    index = pc.index_in(array, value_set=pa.array(list(values), pa.string()))
    if index.null_count > array.null_count:  # a value that is not null but not known either
        bad = array.filter(pc.and_(array.is_valid(), index.is_null()))[0].as_py()
        msg = f"'{argument}' column {name!r} must hold one of {list(values)!r}, got {bad!r}"
        raise InvalidInputError(argument, msg)
    return np.asarray(pc.fill_null(index, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def known_codes(array: pa.Array, values: Sequence[str]) -> np.ndarray:
    """The position of each value of a string column in *values*; -1 where it is not there
    or null."""
    index = pc.index_in(array, value_set=pa.array(list(values), pa.string()))
    return np.asarray(pc.fill_null(index, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def encode_together(*arrays: pa.Array) -> tuple[list[np.ndarray], pa.Array]:
    """Integer codes of string arrays over one shared dictionary (-1 for null)."""
    joined = pa.concat_arrays([a.cast(pa.string()) for a in arrays])
    encoded = pc.dictionary_encode(joined)
    codes = np.asarray(
        pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int64
    )
    out = []
    start = 0
    for a in arrays:
        out.append(codes[start : start + len(a)])
        start += len(a)
    return out, encoded.dictionary


def validity(array: pa.Array) -> np.ndarray | None:
    """The validity of each entry of a flat array (None: no nulls), from its bitmap."""
    if array.null_count == 0:
        return None
    bits = np.frombuffer(array.buffers()[0], dtype=np.uint8)
    valid: np.ndarray = np.unpackbits(bits, count=array.offset + len(array), bitorder="little")
    return valid[array.offset :].view(bool)


def buffer_of(array: pa.Array, dtype: Any) -> np.ndarray:
    """The data buffer of a flat fixed-width array as numpy, without a copy (entries that are
    null hold anything)."""
    data: np.ndarray = np.frombuffer(
        array.buffers()[1], dtype=dtype, count=array.offset + len(array)
    )
    return data[array.offset :]
