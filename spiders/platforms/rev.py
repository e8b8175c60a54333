from spiders.bases import ListingSpider
from spiders.parsing import rev


class RevSpider(ListingSpider):
    name = "rev"
    platform = "rev"
    live_url = "https://www.rev.com/workspace/findwork/tablecontent/translation"
    credential_env = "TASKRANK_REV_COOKIE"
    probes = ("json:", "json:results")
    parse_page = staticmethod(rev.parse_page)
