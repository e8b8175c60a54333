"""Pure functions from page content to contract-shaped records; no Scrapy, no I/O."""
