from spiders.bases import ListingSpider
from spiders.parsing import alignerr


class AlignerrSpider(ListingSpider):
    name = "alignerr"
    platform = "alignerr"
    live_url = f"https://www.alignerr.com/api/jobs?limit={alignerr.PAGE_SIZE}&offset=0"
    page_param = ""
    probes = ("json:jobs",)
    parse_page = staticmethod(alignerr.parse_page)
