"""Job lists drawn as cards or rows of links, where only a job link is certain: the rest is read from its card."""

from parsel import Selector

from spiders.parsing.hints import minutes_hint
from spiders.parsing.pay_text import Pay, pay_from_text

CARD_ANCESTORS = "ancestor::*[self::tr or self::li or self::article or contains(@class, 'job')][1]"


def link_cards(page: Selector, href_contains: str) -> list[tuple[str, str, str]]:
    """(href, link text, whole card text) for every link whose href contains the given part, once per href."""
    seen, cards = set(), []
    for link in page.xpath(f"//a[contains(@href, '{href_contains}')]"):
        href = link.attrib.get("href", "")
        if href in seen:
            continue
        seen.add(href)
        card = link.xpath(CARD_ANCESTORS) or [link]
        title = " ".join(t.strip() for t in link.css("*::text").getall() if t.strip())
        text = " ".join(t.strip() for t in card[0].css("*::text").getall() if t.strip())
        cards.append((href, title, text))
    return cards


def card_pay_and_minutes(text: str) -> tuple[Pay | None, float | None]:
    """The first amount on the card and any stated working time ("approx. 5 minutes")."""
    return pay_from_text(text), minutes_hint(text)
