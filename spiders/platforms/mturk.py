from spiders.bases import ListingSpider
from spiders.parsing import mturk


class MturkSpider(ListingSpider):
    name = "mturk"
    platform = "mturk"
    live_url = "https://worker.mturk.com/projects?format=json&page_size=100&sort=updated_desc"
    credential_env = "TASKRANK_MTURK_COOKIE"
    # The project list as JSON or HTML, not a project's own task pages.
    har_urls = (r"worker\.mturk\.com/projects(\.json)?/?(\?|$)",)
    probes = ("json:results", "[data-react-props]")
    parse_page = staticmethod(mturk.parse_page)
