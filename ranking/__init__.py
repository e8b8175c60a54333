"""Features, the time model, scoring and per-profile ranking; data arrives as Arrow tables, no connections."""
