"""The Scrapy project: one small spider per platform on shared bases, pure parse functions, item pipelines."""
