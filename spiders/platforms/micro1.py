from spiders.bases import ListingSpider
from spiders.parsing import micro1


class Micro1Spider(ListingSpider):
    name = "micro1"
    platform = "micro1"
    live_url = f"https://prod-api.micro1.ai/api/v1/job/portal?page=1&limit={micro1.PAGE_SIZE}"
    page_param = "page"
    page_body = staticmethod(micro1.portal_body)
    probes = ("json:data",)
    parse_page = staticmethod(micro1.parse_page)
