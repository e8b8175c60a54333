from spiders.bases import ListingSpider
from spiders.parsing import prolific


class ProlificSpider(ListingSpider):
    name = "prolific"
    platform = "prolific"
    live_url = "https://internal-api.prolific.com/api/v1/participant/studies/"
    credential_env = "TASKRANK_PROLIFIC_TOKEN"
    credential_header = "Authorization"
    har_urls = (r"prolific\.(com|co)/api/v1/participant/studies/?(\?|$)",)
    probes = ("json:results",)
    parse_page = staticmethod(prolific.parse_page)
