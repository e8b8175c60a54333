from spiders.bases import ListingSpider
from spiders.parsing import shorttask


class ShorttaskSpider(ListingSpider):
    name = "shorttask"
    platform = "shorttask"
    live_url = "https://www.shorttask.com/tasks.php"
    page_param = "page"
    parse_page = staticmethod(shorttask.parse_page)
