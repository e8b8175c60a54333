from spiders.bases import ListingSpider
from spiders.parsing import microworkers


class MicroworkersSpider(ListingSpider):
    name = "microworkers"
    platform = "microworkers"
    live_url = "https://www.microworkers.com/jobs.php"
    credential_env = "TASKRANK_MICROWORKERS_COOKIE"
    probes = ("table th", "table tr td a[href*='jobs_details']")
    parse_page = staticmethod(microworkers.parse_page)
