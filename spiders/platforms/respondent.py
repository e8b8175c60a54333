from spiders.bases import ListingSpider
from spiders.parsing import respondent


class RespondentSpider(ListingSpider):
    name = "respondent"
    platform = "respondent"
    # The search URL holds the person's own profile id: set base_url for the source in the config.
    live_url = "https://app.respondent.io/api/v4/matching/projects/search/profiles/PROFILE_ID?pageSize=15&sort=v4Score"
    page_param = "page"
    credential_env = "TASKRANK_RESPONDENT_COOKIE"
    har_urls = (r"respondent\.io/api/v4/matching/projects/search/", r"respondent\.io/api/v2/projects/[^/?]+/?(\?|$)")
    probes = ("json:results",)
    parse_page = staticmethod(respondent.parse_page)
