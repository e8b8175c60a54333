from functools import partial

from spiders.bases import ListingSpider
from spiders.parsing import job_posting


class TelusSpider(ListingSpider):
    name = "telus"
    platform = "telus"
    live_url = "https://jobs.telusinternational.com/en_US/careers/SearchJobs"
    probes = ("script[type='application/ld+json']", "[itemscope]", "[typeof]")
    parse_page = staticmethod(partial(job_posting.parse_page, platform="telus"))
