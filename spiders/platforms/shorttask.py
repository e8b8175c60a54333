from spiders.bases import ListingSpider
from spiders.parsing import shorttask


class ShorttaskSpider(ListingSpider):
    name = "shorttask"
    platform = "shorttask"
    live_url = "https://www.shorttask.com/tasks.php"
    page_param = "page"
    probes = ("table th", "div.template", "p.view-task a")
    parse_page = staticmethod(shorttask.parse_page)
