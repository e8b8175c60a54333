from spiders.bases import ListingSpider
from spiders.parsing import job_posting


class JobpostingSpider(ListingSpider):
    """Any page with schema.org JobPosting JSON-LD: set base_url for the source in the config."""

    name = "jobposting"
    platform = "jobposting"
    live_url = ""
    page_param = ""
    probes = ("script[type='application/ld+json']", "[itemscope]", "[typeof]")
    parse_page = staticmethod(job_posting.parse_page)
