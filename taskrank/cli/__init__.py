"""The `taskrank` command: run the pipeline or any step of it, and read the ranked tables; one module per command
group, each registering its commands on the one app."""

from taskrank.cli.common import app

# isort: off
# Imported in the order `taskrank --help` lists their commands.
from taskrank.cli import pipeline_commands, reading, work_log, blocklist, maintenance, benchmarks

# isort: on

__all__ = ["app", "benchmarks", "blocklist", "maintenance", "pipeline_commands", "reading", "work_log"]
