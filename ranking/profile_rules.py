"""Which listings a profile will consider: platforms, country, keywords with wildcards, blocks, flags."""

import re

import pandas as pd

from contracts import Profile


def keyword_pattern(keywords: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for keywords where * matches any run of characters and ? one character."""
    parts = []
    for word in keywords:
        escaped = re.escape(word.strip()).replace(r"\*", r"\w*").replace(r"\?", r"\w")
        if escaped:
            parts.append(rf"\b{escaped}\b")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def eligible(listings: pd.DataFrame, profile: Profile) -> pd.Series:
    """True for rows this profile may see."""
    keep = pd.Series(True, index=listings.index)
    if profile.platforms:
        keep &= listings["platform"].isin(profile.platforms)
    if profile.country:
        countries = listings["countries"]
        keep &= countries.map(lambda c: c is None or len(c) == 0 or profile.country in list(c))
    text = listings["title"].fillna("") + " " + listings["description"].fillna("")
    if (pattern := keyword_pattern(profile.include_keywords)) is not None:
        keep &= text.str.contains(pattern)
    if (pattern := keyword_pattern(profile.exclude_keywords)) is not None:
        keep &= ~text.str.contains(pattern)
    if profile.blocked_requesters:
        keep &= ~listings["requester_id"].isin(profile.blocked_requesters)
    if profile.exclude_flags:
        blocked = set(profile.exclude_flags)
        keep &= listings["flags"].map(lambda f: f is None or not blocked.intersection(list(f)))
    return keep
