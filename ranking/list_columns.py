"""Row masks over Arrow list columns (flags, countries) without turning a million lists into Python objects."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def as_string_lists(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """One list<string> array; columns built from empty Python lists arrive as list<null>."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks else pa.array([], type=pa.list_(pa.string()))
    return column.cast(pa.list_(pa.string()))


def rows_with_any(column: pa.Array, values: set[str] | list[str]) -> np.ndarray:
    """True for rows whose list holds at least one of `values`."""
    mask = np.zeros(len(column), dtype=bool)
    if not values or len(column) == 0:
        return mask
    flat = pc.list_flatten(column)
    parents = pc.list_parent_indices(column).to_numpy()
    hit = pc.fill_null(pc.is_in(flat, value_set=pa.array(sorted(values), type=pa.string())), False)
    mask[parents[hit.to_numpy(zero_copy_only=False)]] = True
    return mask


def list_lengths(column: pa.Array) -> np.ndarray:
    return pc.fill_null(pc.list_value_length(column), 0).to_numpy(zero_copy_only=False)
