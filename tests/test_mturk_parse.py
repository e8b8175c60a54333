import json
from decimal import Decimal

from conftest import OBSERVED_AT, PAGES, SYNTHETIC

from spiders.parsing.hints import minutes_hint
from spiders.parsing.mturk import parse_page
from spiders.pipelines import TextSignalsPipeline
from spiders.records import Candidate, PageContext, Rejected

CTX = PageContext(run_id="r1", observed_at=OBSERVED_AT, source_mode="snapshot", page_url="file:///page-1.json")


def parse(path):
    return parse_page(path.read_text(encoding="utf-8"), CTX)


def test_reward_and_minutes_exactly_as_on_the_page():
    raw = json.loads((PAGES / "mturk" / "page-1.json").read_text())["results"]
    page = parse(PAGES / "mturk" / "page-1.json")
    assert len(page.records) == len(raw) == 6
    for record, item in zip(page.records, raw, strict=True):
        assert isinstance(record, Candidate)
        assert record.fields["listing_id"] == item["hit_set_id"]
        assert record.fields["reward"]["amount"] == item["monetary_reward"]["amount_in_dollars"]
        assert record.fields["reward"]["currency"] == "USD"
        assert record.fields["minutes"] == item["assignment_duration_in_seconds"] / 60
        assert record.fields["minutes_kind"] == "max_allowed"
        assert record.fields["places_available"] == item["assignable_hits_count"]


def test_first_listing_fields():
    first = parse(PAGES / "mturk" / "page-1.json").records[0].fields
    assert first["url"] == "https://worker.mturk.com/projects/3SYN0000000000000000000000001/tasks"
    # Time hints are read once for every platform, by the pipeline, from the title and the description apart.
    signals = TextSignalsPipeline().process_item(parse(PAGES / "mturk" / "page-1.json").records[0]).fields
    assert signals["title_minutes_hint"] == 8.0 and minutes_hint(first["title"]) == 8.0
    assert first["requester_id"] == "A1SYNREQALPHA"
    assert first["requirements"] == ["HIT Approval Rate (%) for all Requesters' HITS GreaterThanOrEqualTo 95"]


def test_pagination_stops_at_the_last_page():
    assert parse(PAGES / "mturk" / "page-1.json").next_page == 2
    assert parse(PAGES / "mturk" / "page-2.json").next_page is None


def test_record_without_reward_is_rejected_with_reason():
    records = parse(PAGES / "mturk" / "page-2.json").records
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert [r.reason for r in rejected] == ["missing field 'monetary_reward'"]
    assert rejected[0].raw["hit_set_id"] == "3SYN0000000000000000000000010"


def test_malformed_json_page_is_one_reject():
    page = parse(SYNTHETIC / "mturk_faults" / "page-2-malformed.json")
    assert len(page.records) == 1
    assert page.records[0].reason.startswith("malformed page: invalid JSON")


def test_non_object_page_is_rejected():
    page = parse(SYNTHETIC / "mturk_faults" / "page-3-not-an-envelope.json")
    assert page.records[0].reason == "malformed page: expected a JSON object, got list"


def test_html_page_with_react_props():
    page = parse(SYNTHETIC / "mturk_html" / "projects.html")
    ids = [r.fields["listing_id"] for r in page.records]
    assert ids == ["3SYNHTML0000000000000000001", "3SYNHTML0000000000000000002"]
    assert Decimal(str(page.records[0].fields["reward"]["amount"])) == Decimal("0.35")


def test_title_hints():
    assert minutes_hint("Short survey (~ 8 minutes)") == 8
    assert minutes_hint("2-4 minute survey") == 3
    assert minutes_hint("Rate tweets - 5 min") == 5
    assert minutes_hint("takes 90 seconds") == 1.5
    assert minutes_hint("Transcribe a 30 second audio clip") is None
    assert minutes_hint("Label cats") is None
