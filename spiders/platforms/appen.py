from spiders.bases import ListingSpider
from spiders.parsing import appen


class AppenSpider(ListingSpider):
    name = "appen"
    platform = "appen"
    live_url = "https://connect.appen.com/qrp/public/jobs"
    probes = ("a[href*='/qrp/public/job']",)
    parse_page = staticmethod(appen.parse_page)
