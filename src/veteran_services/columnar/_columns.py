"""Arrow columns as numpy arrays, for the vectorised paths: the chunks of a column as one
array, dates as day numbers, decimal strings as floats, strings as codes into a list of
values, the validity bitmap and the data buffer of a flat array, and numpy arrays as Arrow
ones.

Both ways go through the arrays' buffers, never ``Array.to_numpy``, ``pa.array`` or
``pa.scalar``: pyarrow's conversions import pandas (when it is installed) the first time one
runs in a process, ≈ 0.2 s of a city's scoring call that would otherwise take 0.05 s.

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
    "arrow_of",
    "booleans",
    "buffer_of",
    "column_of",
    "day_numbers",
    "encode_together",
    "float_values",
    "known_codes",
    "numbers",
    "strings",
    "validity",
    "value_codes",
]


def column_of(table: pa.Table, name: str) -> pa.Array:
    column = table.column(name)
    if column.num_chunks == 0:
        return pa.nulls(0, column.type)
    return column.chunk(0) if column.num_chunks == 1 else pa.concat_arrays(column.chunks)


def day_numbers(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01 (0 where null) and the validity mask of a date column."""
    if array.type == pa.date32():  # the layout's type: read the buffers
        days32 = buffer_of(array, np.int32)
        valid = validity(array)
        if valid is None:
            return days32.astype(np.int64), np.ones(len(array), dtype=bool)
        return np.where(valid, days32, 0).astype(np.int64), valid
    valid = booleans(array.is_valid())
    return numbers(array.cast(pa.int32()), np.int64, 0), valid


def float_values(array: pa.Array, argument: str, name: str) -> np.ndarray:
    """A decimal-string (or numeric) column as float64, NaN where null."""
    try:
        values = array.cast(pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        msg = f"'{argument}' column {name!r} must hold decimal numbers"
        raise InvalidInputError(argument, msg) from None
    return numbers(values, np.float64, np.nan)


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
    index = pc.index_in(array, value_set=strings(values))
    if index.null_count > array.null_count:  # a value that is not null but not known either
        bad = array.filter(pc.and_(array.is_valid(), index.is_null()))[0].as_py()
        msg = f"'{argument}' column {name!r} must hold one of {list(values)!r}, got {bad!r}"
        raise InvalidInputError(argument, msg)
    return numbers(index, np.int64, -1)


def known_codes(array: pa.Array, values: Sequence[str]) -> np.ndarray:
    """The position of each value of a string column in *values*; -1 where it is not there
    or null."""
    return numbers(pc.index_in(array, value_set=strings(values)), np.int64, -1)


def encode_together(*arrays: pa.Array) -> tuple[list[np.ndarray], pa.Array]:
    """Integer codes of string arrays over one shared dictionary (-1 for null)."""
    joined = pa.concat_arrays([a.cast(pa.string()) for a in arrays])
    encoded = pc.dictionary_encode(joined)
    codes = numbers(encoded.indices, np.int64, -1)
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
    buffer = array.buffers()[1]
    if buffer is None:  # an empty array may have none
        return np.empty(0, dtype=dtype)
    data: np.ndarray = np.frombuffer(buffer, dtype=dtype, count=array.offset + len(array))
    return data[array.offset :]


def booleans(array: pa.Array) -> np.ndarray:
    """A boolean array as numpy (False where null), from its bits."""
    buffer = array.buffers()[1]
    if buffer is None:
        return np.zeros(len(array), dtype=bool)
    bits = np.frombuffer(buffer, dtype=np.uint8)
    unpacked = np.unpackbits(bits, count=array.offset + len(array), bitorder="little")
    values: np.ndarray = unpacked[array.offset :].view(bool)
    valid = validity(array)
    return values if valid is None else values & valid


def numbers(array: pa.Array, dtype: Any, fill: Any) -> np.ndarray:
    """A flat numeric array (integers, floats, booleans) as numpy of *dtype*, *fill* where
    null; without a copy where nothing is null and the type is *dtype* already."""
    if pa.types.is_boolean(array.type):
        return booleans(array).astype(dtype)
    values = buffer_of(array, array.type.to_pandas_dtype()).astype(dtype, copy=False)
    valid = validity(array)
    if valid is None:
        return values
    return np.where(valid, values, np.asarray(fill, dtype=dtype))


def arrow_of(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """A one-dimensional numpy array as an Arrow array of its type, null where *mask* is true
    (as ``pa.array(values, mask=mask)``), sharing the numpy array's memory (booleans are
    packed into bits)."""
    values = np.ascontiguousarray(values)
    if values.dtype == bool:
        kind = pa.bool_()
        data = pa.py_buffer(np.packbits(values, bitorder="little"))
    else:
        kind = pa.from_numpy_dtype(values.dtype)
        data = pa.py_buffer(values)
    nulls = 0 if mask is None else int(np.count_nonzero(mask))
    bitmap = None
    if mask is not None and nulls:
        bitmap = pa.py_buffer(np.packbits(~mask, bitorder="little"))
    return pa.Array.from_buffers(kind, len(values), [bitmap, data], null_count=nulls)


def strings(values: Sequence[str]) -> pa.Array:
    """A list of texts as an Arrow string array (as ``pa.array(values, pa.string())``)."""
    encoded = [value.encode() for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    data = pa.py_buffer(b"".join(encoded))
    return pa.Array.from_buffers(pa.string(), len(encoded), [None, pa.py_buffer(offsets), data])
