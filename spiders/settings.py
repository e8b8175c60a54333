"""Scrapy settings for live, polite crawling; snapshot runs relax throttling (they read local files)."""

BOT_NAME = "taskrank"
SPIDER_MODULES = ["spiders.platforms"]
NEWSPIDER_MODULE = "spiders.platforms"

USER_AGENT = "taskrank/0.1 (personal listing ranker; reads only what its user can see; +https://github.com/taskrank)"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
DOWNLOAD_TIMEOUT = 30
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 5
RETRY_HTTP_CODES = [408, 429, 500, 502, 503, 504, 522, 524]
RETRY_AFTER_MAX_SECONDS = 300
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.middlewares.RetryAfterMiddleware": 550,
    "spiders.middlewares.SignInRedirectMiddleware": 650,
}

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
FEED_EXPORT_ENCODING = "utf-8"

ITEM_PIPELINES = {
    "spiders.pipelines.TextSignalsPipeline": 50,
    "spiders.pipelines.ContractPipeline": 100,
    "spiders.pipelines.LandingPipeline": 900,
}

SNAPSHOT_OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
}
