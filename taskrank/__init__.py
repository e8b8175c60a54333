"""taskrank: find the listings that pay you the most per minute of your real time."""

__version__ = "0.1.0"
