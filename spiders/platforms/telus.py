from spiders.bases import ListingSpider
from spiders.parsing import telus


class TelusSpider(ListingSpider):
    name = "telus"
    platform = "telus"
    live_url = "https://api.telusinternational.ai/apapi/v1/list-job-posts"
    page_param = ""
    page_body = staticmethod(telus.api_body)
    har_urls = (
        r"api\.telusinternational\.ai/apapi/v1/list-job-posts",
        r"www\.telusinternational\.ai/cmp/public/jobs/available/",
        r"jobs\.telusinternational\.com/",
    )
    probes = ("json:data", "script[type='application/ld+json']", "[itemscope]")
    parse_page = staticmethod(telus.parse_page)
