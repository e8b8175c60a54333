"""DuckDB types for the contracts' fields, so a landed file's columns are declared once: in the pydantic models."""

import types
import typing
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel

from contracts import (
    KEY_FIELDS,
    SIGHTING_FIELDS,
    Listing,
    PayBasis,
    RankedRow,
    RankingInput,
    SourceMode,
    SourceStats,
    WorkLogEntry,
)
from contracts.stats import Health

_SCALARS = {str: "VARCHAR", bool: "BOOLEAN", int: "INTEGER", float: "DOUBLE", Decimal: "DECIMAL(14,4)",
            datetime: "TIMESTAMPTZ"}  # fmt: skip


def duckdb_type(annotation: object) -> str:
    """The DuckDB type a JSON value of this annotation is read as; Literal and Optional read as their members."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return duckdb_type(members[0])
    if origin is typing.Literal:
        return "VARCHAR"
    if origin is list:
        return f"{duckdb_type(typing.get_args(annotation)[0])}[]"
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"MAP({duckdb_type(key)}, {duckdb_type(value)})"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"STRUCT({', '.join(f'{n} {t}' for n, t in model_columns(annotation).items())})"
    return _SCALARS[annotation]


def model_columns(model: type[BaseModel]) -> dict[str, str]:
    return {name: duckdb_type(field.annotation) for name, field in model.model_fields.items()}


# The `columns` argument of read_json for each landed file.
LANDED_LISTING = model_columns(Listing)
LANDED_STATS = model_columns(SourceStats)
LANDED_REJECT = {"reason": "VARCHAR", "page_url": "VARCHAR", "raw": "JSON"}

_STRUCTS = {name: field.annotation for name, field in Listing.model_fields.items() if "STRUCT" in LANDED_LISTING[name]}
# A staged listing's columns, in the order staging/listings.sql leaves them: structs flattened to name_field, last.
STAGED_LISTING = [name for name in LANDED_LISTING if name not in _STRUCTS] + [
    f"{name}_{field}" for name, model in _STRUCTS.items() for field in model.model_fields
]
# What a listing's page states: what its fingerprint covers.
CONTENT = [name for name in STAGED_LISTING if name not in KEY_FIELDS + SIGHTING_FIELDS]

# The rows after landing: the ranking input view, the ranked table and the work log (a person's entry with its id
# and the file it came from).
RANKING_INPUT = model_columns(RankingInput)
RANKED_ROW = model_columns(RankedRow)
WORK_LOG_ROW = {"entry_id": "VARCHAR"} | model_columns(WorkLogEntry) | {"imported_from": "VARCHAR"}
# The values checks.sql accepts in the columns the contracts type as Literal.
ACCEPTED = {"pay_bases": list(typing.get_args(PayBasis)), "source_modes": list(typing.get_args(SourceMode)),
            "healths": list(typing.get_args(Health))}  # fmt: skip
