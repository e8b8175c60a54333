from spiders.bases import ListingSpider
from spiders.parsing import clickworker


class ClickworkerSpider(ListingSpider):
    name = "clickworker"
    platform = "clickworker"
    live_url = "https://workplace.clickworker.com/en/workplace/jobs"
    credential_env = "TASKRANK_CLICKWORKER_COOKIE"
    probes = ("a[href*='/workplace/jobs/']",)
    parse_page = staticmethod(clickworker.parse_page)
