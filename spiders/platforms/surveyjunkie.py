from spiders.bases import ListingSpider
from spiders.parsing import surveyjunkie


class SurveyjunkieSpider(ListingSpider):
    name = "surveyjunkie"
    platform = "surveyjunkie"
    # The member app's survey list request; copy its URL from the browser's network tab into base_url.
    live_url = "https://app.surveyjunkie.com/api/member/surveys"
    credential_env = "TASKRANK_SURVEYJUNKIE_COOKIE"
    probes = ("json:surveys", "json:data")
    parse_page = staticmethod(surveyjunkie.parse_page)
