from spiders.bases import ListingSpider
from spiders.parsing import toloka


class TolokaSpider(ListingSpider):
    name = "toloka"
    platform = "toloka"
    live_url = "https://toloka.yandex.com/api/task-suite-pool-groups?userLangs=EN"
    credential_env = "TASKRANK_TOLOKA_COOKIE"
    har_urls = (r"toloka\.(yandex\.com|ai)/api/task-suite-pool-groups",)
    probes = ("json:",)
    parse_page = staticmethod(toloka.parse_page)
