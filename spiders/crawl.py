"""Run one spider in this process: `python -m spiders.crawl SOURCE --out FILE ...` (one crawl per process)."""

import argparse
import sys
from importlib.util import find_spec

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings


def crawl_settings(out: str, mode: str, overrides: dict | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("spiders.settings", priority="project")
    if mode == "snapshot":
        settings.setdict(settings.getdict("SNAPSHOT_OVERRIDES"), priority="cmdline")
    settings.set("TASKRANK_OUT", out, priority="cmdline")
    settings.setdict(overrides or {}, priority="cmdline")
    return settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spiders.crawl")
    parser.add_argument("source")
    parser.add_argument("--out", required=True)
    parser.add_argument("--mode", choices=["snapshot", "live"], default="snapshot")
    parser.add_argument("--snapshot")
    parser.add_argument("--run-id", default="adhoc")
    parser.add_argument("--observed-at")
    parser.add_argument("--base-url")
    parser.add_argument("--run-sources", default="", help="every source of this run, comma-separated")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a setting")
    args = parser.parse_args(argv)
    overrides = dict(item.split("=", 1) for item in args.set)
    # A crawl imports its own spider's module only (extruct, dateparser and feedparser load where a spider uses them).
    own = f"spiders.platforms.{args.source}"
    alone = {"SPIDER_MODULES": [own]} if find_spec(own) is not None else {}
    process = CrawlerProcess(crawl_settings(args.out, args.mode, alone | overrides))
    if args.source not in process.spider_loader.list():
        process = CrawlerProcess(crawl_settings(args.out, args.mode, overrides))
    if args.source not in process.spider_loader.list():
        print(
            f"error: unknown source {args.source!r}; known: {', '.join(process.spider_loader.list())}",
            file=sys.stderr,
        )
        return 2
    spider_args = {"mode": args.mode, "snapshot": args.snapshot, "run_id": args.run_id, "run_sources": args.run_sources}
    if args.observed_at:
        spider_args["observed_at"] = args.observed_at
    if args.base_url:
        spider_args["base_url"] = args.base_url
    process.crawl(args.source, **spider_args)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
