"""Job lists drawn as cards or rows of links, where only a job link is certain: the rest is read from its card."""

from parsel import Selector

from spiders.parsing.markup import node_text

CARD_TAGS = {"tr", "li", "article"}


def link_cards(page: Selector, href_contains: str) -> list[tuple[str, str, str]]:
    """(href, link text, whole card text) for every link whose href contains the given part, once per href.

    A link's card is its nearest row, list item, article or element with "job" in its class.
    """
    seen, cards = set(), []
    for link in page.root.iter("a"):
        href = link.get("href") or ""
        if href_contains not in href or href in seen:
            continue
        seen.add(href)
        card = next((a for a in link.iterancestors() if a.tag in CARD_TAGS or "job" in (a.get("class") or "")), link)
        cards.append((href, node_text(link), node_text(card)))
    return cards
