"""Survey Junkie's survey list as the member app loads it (JSON): points and length per survey.

Points become USD at the catalog's conversion, which is commonly stated but not confirmed by the platform.
"""

from typing import Any

from contracts.catalog import points_per_unit
from spiders.parsing.json_page import MalformedPage, load_json
from spiders.records import Candidate, Page, PageContext, Rejected, malformed, per_record

POINTS_PER_USD = points_per_unit("surveyjunkie")
LIST_URL = "https://app.surveyjunkie.com/member/surveys"


def parse_page(body: str, ctx: PageContext) -> Page:
    try:
        data = load_json(body)
    except MalformedPage as exc:
        return malformed(str(exc), body, ctx)
    surveys = data.get("surveys", data.get("data")) if isinstance(data, dict) else data
    if not isinstance(surveys, list):
        return malformed("expected a list of surveys under 'surveys' or 'data'", body, ctx)
    return Page(records=[_record(survey, ctx) for survey in surveys])


@per_record
def _record(survey: Any, ctx: PageContext) -> Candidate | Rejected:
    survey_id = str(survey.get("id") or survey["surveyId"])
    points = float(survey.get("points", survey.get("reward")))
    minutes = survey.get("loi", survey.get("lengthOfInterview", survey.get("minutes")))
    fields = {
        "listing_id": survey_id,
        # Survey links carry the member's session: link to the list instead.
        "url": f"{LIST_URL}#survey-{survey_id}",
        "title": survey.get("title") or survey.get("name") or f"Survey {survey_id}",
        "category": "survey",
        "reward": {
            "amount": round(points / POINTS_PER_USD, 4),
            "currency": "USD",
            "original_amount": points,
            "original_unit": "points",
        },
        "pay_basis": "per_task",
        "minutes": float(minutes) if minutes else None,
        "minutes_kind": "estimated" if minutes else None,
        "flags": ["screen_out_risk"],
    }
    return Candidate(fields=fields, raw=survey)
