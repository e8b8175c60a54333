"""Which listings a profile will consider: platforms, country, keywords with wildcards, blocks, flags."""

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from contracts import Profile
from ranking.list_columns import as_string_lists, list_lengths, rows_with_any


def keyword_pattern(keywords: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for keywords where * matches any run of characters and ? one character."""
    parts = []
    for word in keywords:
        escaped = re.escape(word.strip()).replace(r"\*", r"\w*").replace(r"\?", r"\w")
        if escaped:
            parts.append(rf"\b{escaped}\b")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def eligible(listings: pa.Table, profile: Profile) -> np.ndarray:
    """True for rows this profile may see."""
    keep = np.ones(listings.num_rows, dtype=bool)
    if profile.platforms:
        keep &= _is_in(listings["platform"], profile.platforms)
    if profile.country:
        countries = as_string_lists(listings["countries"])
        keep &= (list_lengths(countries) == 0) | rows_with_any(countries, {profile.country})
    include, exclude = keyword_pattern(profile.include_keywords), keyword_pattern(profile.exclude_keywords)
    if include is not None or exclude is not None:
        text = _text(listings)
        if include is not None:
            keep &= text.str.contains(include).to_numpy(dtype=bool)
        if exclude is not None:
            keep &= ~text.str.contains(exclude).to_numpy(dtype=bool)
    if profile.blocked_requesters:
        keep &= ~_is_in(listings["requester_id"], profile.blocked_requesters)
    if profile.exclude_flags:
        keep &= ~rows_with_any(as_string_lists(listings["flags"]), set(profile.exclude_flags))
    return keep


def _is_in(column: pa.ChunkedArray, values: list[str]) -> np.ndarray:
    found = pc.is_in(column.cast(pa.string()), value_set=pa.array(values, type=pa.string()))
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


def _text(listings: pa.Table) -> pd.Series:
    title = listings["title"].cast(pa.string()).to_pandas().fillna("")
    description = listings["description"].cast(pa.string()).to_pandas().fillna("")
    return (title + " " + description).astype(object)
