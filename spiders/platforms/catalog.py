from importlib import resources
from pathlib import Path

from spiders.bases import ListingSpider
from spiders.parsing import catalog


class CatalogSpider(ListingSpider):
    """Rate cards from the bundled platform catalog, or a catalog file of your own set as the source's snapshot."""

    name = "catalog"
    platform = "catalog"
    live_url = ""
    page_param = ""
    source_mode = "catalog"
    default_snapshot = Path(str(resources.files("contracts") / "platforms.toml"))
    parse_page = staticmethod(catalog.parse_page)
