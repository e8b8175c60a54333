"""Hypothesis mutates valid SYNTHETIC fixture pages (types, nesting, signs, encodings, truncation) for every parser
family: no exception escapes, every reject says why, and a record left untouched still lands."""

import json
from dataclasses import replace
from pathlib import Path

from conftest import OBSERVED_AT, PAGES, SYNTHETIC
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from contracts import Listing
from spiders.records import Candidate, PageContext, Rejected, read_page, stamped
from spiders.registry import spider_class

CTX = PageContext(run_id="fuzz", observed_at=OBSERVED_AT, source_mode="snapshot", page_url="file:///fuzz")
# Examples per test come from the Hypothesis profile (conftest.py): "ci" under `make test`, "full" under test-all.
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)

JSON_PAGES = {
    "mturk": PAGES / "mturk" / "page-1.json",
    "prolific": PAGES / "prolific" / "current.json",
    "toloka": PAGES / "toloka" / "pool-groups.json",
    "respondent": SYNTHETIC / "respondent" / "search-page-1.json",
    "surveyjunkie": PAGES / "surveyjunkie" / "surveys.json",
    "rev": PAGES / "rev" / "findwork-translation.json",
}
MARKUP_PAGES = {
    "shorttask": PAGES / "shorttask" / "tasks-page-1.html",
    "microworkers": PAGES / "microworkers" / "jobs.html",
    "clickworker": PAGES / "clickworker" / "jobs.html",
    "appen": PAGES / "appen" / "public-jobs.html",
    "upwork": PAGES / "upwork" / "search-page-1.html",
    "telus": PAGES / "telus" / "job-search-result.html",
    "jobposting": SYNTHETIC / "jobposting" / "board.html",
    "feed": SYNTHETIC / "feed" / "microtasks.xml",
}

values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
deep = st.integers(1, 5000).map(lambda n: "[" * n + "]" * n)


def parse(source: str, body: str) -> list:
    page, _ = read_page(spider_class(source).parse_page, body, CTX)
    for record in page.records:
        assert isinstance(record, Candidate | Rejected)
        if isinstance(record, Rejected):
            assert record.reason
    return page.records


def records_of(data: object) -> list:
    """The list of records in a page's JSON, wherever the platform keeps it."""
    if isinstance(data, list):
        return data
    for key in ("results", "data", "items", "surveys", "projects", "studies"):
        if isinstance(data, dict) and isinstance(data.get(key), list):
            return data[key]
    found = [v for v in data.values() if isinstance(v, list)] if isinstance(data, dict) else []
    return found[0] if found else []


def ids(records: list) -> set[str]:
    return {str(r.fields.get("listing_id")) for r in records if isinstance(r, Candidate)}


@FUZZ
@given(source=st.sampled_from(sorted(JSON_PAGES)), data=st.data())
def test_one_mutated_json_record_costs_at_most_itself(source, data):
    original = JSON_PAGES[source].read_text(encoding="utf-8")
    page = json.loads(original)
    rows = records_of(page)
    victim = data.draw(st.integers(0, len(rows) - 1))
    alone = json.loads(original)
    records_of(alone)[:] = [records_of(alone)[victim]]
    victim_ids = ids(parse(source, json.dumps(alone)))
    if isinstance(rows[victim], dict) and rows[victim] and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(rows[victim])))
        if data.draw(st.booleans()):
            rows[victim][key] = data.draw(values)
        else:
            del rows[victim][key]
    else:
        rows[victim] = data.draw(values)
    before = ids(parse(source, original))
    assert before - victim_ids <= ids(parse(source, json.dumps(page)))


@FUZZ
@given(source=st.sampled_from(sorted(JSON_PAGES)), nesting=deep, cut=st.floats(0, 1))
def test_deep_or_truncated_json_pages_never_raise(source, nesting, cut):
    body = JSON_PAGES[source].read_text(encoding="utf-8")
    parse(source, nesting)
    parse(source, body[: int(len(body) * cut)])
    parse(source, body.replace('"', "'", 3))


@FUZZ
@given(
    source=st.sampled_from(sorted(MARKUP_PAGES)), cut=st.floats(0, 1), junk=st.text(max_size=40), where=st.floats(0, 1)
)
def test_truncated_or_spliced_markup_pages_never_raise(source, cut, junk, where):
    body = MARKUP_PAGES[source].read_text(encoding="utf-8")
    at = int(len(body) * where)
    parse(source, body[: int(len(body) * cut)])
    parse(source, body[:at] + junk + body[at:])


@FUZZ
@given(source=st.sampled_from(sorted(MARKUP_PAGES | JSON_PAGES)), signs=st.sampled_from(["-", "−", "0", "", "-0"]),
       encoding=st.sampled_from(["latin-1", "utf-16", "cp1252"]))  # fmt: skip
def test_signs_and_encodings_never_raise_and_negative_pay_never_lands(source, signs, encoding):
    path = (MARKUP_PAGES | JSON_PAGES)[source]
    text = path.read_text(encoding="utf-8")
    for mark in ("$", "€", "£", '"amount_in_dollars": ', '"amount": ', '"reward": '):
        text = text.replace(mark, mark + signs)
    for record in parse(source, text):
        if isinstance(record, Candidate):
            try:
                ctx = replace(CTX, platform=spider_class(source).platform)
                listing = Listing.model_validate(stamped(record, ctx).fields)
            except ValidationError:
                continue  # a reject, with the contract's reason
            assert listing.reward.amount > 0
    raw = path.read_bytes().decode("utf-8").encode(encoding, errors="replace")
    parse(source, raw.decode("utf-8", errors="replace"))


def test_the_fuzzed_fixtures_are_synthetic():
    for path in {**JSON_PAGES, **MARKUP_PAGES}.values():
        assert "synthetic" in str(Path(path)).lower()


har_entries = st.lists(
    st.fixed_dictionaries(
        {
            "request": st.fixed_dictionaries(
                {
                    "url": st.text(max_size=60)
                    | st.sampled_from(
                        [
                            "https://worker.mturk.com/projects?format=json;jsessionid=x",
                            "https://evil.example/worker.mturk.com/projects",
                            "http://[::1",
                            "https://worker.mturk.com:99999/projects",
                            "javascript:alert(1)",
                        ]
                    )
                }
            ),  # fmt: skip
            "response": st.fixed_dictionaries(
                {
                    "status": st.integers(-1, 600) | st.text(max_size=3),
                    "content": st.fixed_dictionaries(
                        {
                            "text": st.text(max_size=80) | st.binary(max_size=80).map(lambda b: b.decode("latin-1")),
                            "encoding": st.sampled_from(["base64", "", "gzip"]),
                        }  # fmt: skip
                    ),
                }
            ),
            "startedDateTime": st.text(max_size=30) | st.sampled_from(["9999-12-31T23:59:59Z", "0001-01-01T00:00Z"]),
        }
    )
    | values,
    max_size=6,
)


@FUZZ
@given(entries=har_entries)
def test_any_har_entry_is_skipped_with_a_reason_or_read_never_raising(entries):
    from spiders import har

    found, skipped = har.responses([e for e in entries if isinstance(e, dict)], (r"worker\.mturk\.com/projects",))
    assert all(s.reason for s in skipped)
    assert all(f.url.startswith("https://worker.mturk.com/") for f in found)
    assert all(";" not in f.url for f in found)


@FUZZ
@given(names=st.lists(st.text(alphabet="abc.-_", min_size=1, max_size=8), max_size=5), link=st.booleans())
def test_a_snapshot_folder_of_any_files_lists_only_its_own_regular_files(tmp_path_factory, names, link):
    from spiders.bases import snapshot_entries

    folder = tmp_path_factory.mktemp("snap")
    outside = tmp_path_factory.mktemp("outside") / "secret.json"
    outside.write_text("TOKEN=x")
    for name in names:
        if name not in (".", "..") and not (folder / name).exists():
            (folder / name).write_text("{}")
    if link:
        (folder / "linked.json").symlink_to(outside)
    for path, reason in snapshot_entries(folder):
        assert path.is_relative_to(folder)
        assert (reason is None) == (path.is_file() and not path.is_symlink())
