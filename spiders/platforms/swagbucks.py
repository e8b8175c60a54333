from spiders.bases import ListingSpider
from spiders.parsing import swagbucks


class SwagbucksSpider(ListingSpider):
    name = "swagbucks"
    platform = "swagbucks"
    live_url = "https://www.swagbucks.com/surveys"
    credential_env = "TASKRANK_SWAGBUCKS_COOKIE"
    probes = ("table#surveyList tr[reward]",)
    parse_page = staticmethod(swagbucks.parse_page)
