"""Risk flags a page's own words show: fees, off-platform contact, personal data, engagement farming, diaries."""

import re

_RULES = {
    "upfront_fee": r"\b(registration|sign[- ]?up|joining|training|processing) fee\b|\bpay (a|the) (small )?fee\b|"
    r"\bdeposit\b|\bstarter kit\b",
    "off_platform": r"\b(whats ?app|telegram|signal app|skype)\b|\b(contact|email|text|dm) me\b|"
    r"\boutside (of )?(the )?(platform|site)\b|\bpay(ment)? (via|by|through) (paypal|zelle|cash ?app|crypto)\b",
    "personal_data": r"\b(phone number|home address|social security|ssn|passport|id card|driver'?s licen[cs]e|"
    r"date of birth|bank (account|details))\b",
    "social_engagement": r"\b(follow|like|subscribe to|retweet|share) (our|my|the|this) (page|post|channel|account|"
    r"video|profile|tweet)\b|\b(sign[- ]?up|register) (on|at|for) (a|our|the) (site|website|app)\b|"
    r"\b(leave|write|post) a (\d-star |5 star )?review\b|\binstall (the|our|this) app\b",
    "multi_day": r"\b(diary|multi[- ]day|longitudinal|\d+[- ]day (study|diary)|over (\d+|several) (days|weeks))\b",
    "in_study_screening": r"\b(screen(ed)? out|screener|screening questions?)\b",
}
_COMPILED = {flag: re.compile(pattern, re.IGNORECASE) for flag, pattern in _RULES.items()}


def risk_flags(*texts: str | None) -> list[str]:
    """Flags whose wording appears in any of the texts."""
    text = " ".join(t for t in texts if t)
    return sorted(flag for flag, pattern in _COMPILED.items() if pattern.search(text))
