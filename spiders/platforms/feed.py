from spiders.bases import ListingSpider
from spiders.parsing import feed


class FeedSpider(ListingSpider):
    """Any RSS or Atom feed of paid tasks: set base_url for the source in the config."""

    name = "feed"
    platform = "feed"
    live_url = ""
    page_param = ""
    probes = ("item", "entry")
    parse_page = staticmethod(feed.parse_page)
