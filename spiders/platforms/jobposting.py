from spiders.bases import ListingSpider
from spiders.parsing import jsonld


class JobpostingSpider(ListingSpider):
    """Any page with schema.org JobPosting JSON-LD: set base_url for the source in the config."""

    name = "jobposting"
    platform = "jobposting"
    live_url = ""
    page_param = ""
    parse_page = staticmethod(jsonld.parse_page)
