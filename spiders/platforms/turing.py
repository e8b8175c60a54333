from spiders.bases import ListingSpider
from spiders.parsing import turing


class TuringSpider(ListingSpider):
    name = "turing"
    platform = "turing"
    live_url = "https://work.turing.com/api/jobs/all"
    page_param = ""
    page_body = staticmethod(turing.list_body)
    probes = ("json:jobs",)
    parse_page = staticmethod(turing.parse_page)
