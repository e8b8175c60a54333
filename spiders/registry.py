"""The spiders this project has, by name, without starting a crawl."""

from scrapy.spiderloader import SpiderLoader

from spiders.crawl import crawl_settings


def source_names() -> list[str]:
    return sorted(SpiderLoader.from_settings(crawl_settings(out="-", mode="snapshot")).list())


def spider_class(name: str) -> type:
    return SpiderLoader.from_settings(crawl_settings(out="-", mode="snapshot")).load(name)
