from spiders.bases import ListingSpider
from spiders.parsing import upwork


class UpworkSpider(ListingSpider):
    name = "upwork"
    platform = "upwork"
    live_url = "https://www.upwork.com/nx/search/jobs/?q=data%20entry&per_page=50"
    page_param = "page"
    probes = ("script", "json:searchResults.jobs", "item")
    parse_page = staticmethod(upwork.parse_page)
