"""A config's sources checked before any work starts: names the registry knows, snapshot paths that hold pages."""

import difflib
from collections.abc import Callable
from pathlib import Path

from taskrank.errors import TaskrankError
from taskrank.settings import DEMO_CONFIG, Config

# Names the config whose runs a data folder holds, so the bundled demo and a person's own data never mix.
OWNER_FILE = ".taskrank-config"


def check_sources(config: Config) -> None:
    """Every mistake in the enabled sources, named with the config file and the source, in one line; nothing runs."""
    from spiders.bases import snapshot_files
    from spiders.registry import source_names

    known = source_names()
    problems = []
    for source in (s for s in config.sources if s.enabled):
        if source.name not in known:
            guess = difflib.get_close_matches(source.name, known, n=1)
            hint = f"did you mean {guess[0]!r}?" if guess else f"known: {', '.join(known)}"
            problems.append(f"[[sources]] name = {source.name!r} is not a source taskrank has; {hint}")
        elif source.mode == "snapshot" and source.snapshot is not None:
            problems.extend(_snapshot_problem(source.name, source.snapshot, snapshot_files))
    if problems:
        raise TaskrankError(f"config file {config.path}: " + "; ".join(problems))


def claim_data_folder(config: Config) -> None:
    """Refuse to run the bundled demo into a person's data folder, or their config into the demo's; else claim it."""
    marker = config.data_dir / OWNER_FILE
    mine = str(config.path.resolve())
    owner = marker.read_text(encoding="utf-8").strip() if marker.is_file() else None
    demo = str(DEMO_CONFIG.resolve())
    if owner is not None and owner != mine and (owner == demo) != (mine == demo):
        if mine == demo:
            raise TaskrankError(
                f"{config.data_dir} holds the data of {owner}: the bundled demo will not mix into it; run with "
                f"--config {owner} (or set TASKRANK_CONFIG), or give the demo its own TASKRANK_DATA_DIR"
            )
        raise TaskrankError(
            f"{config.data_dir} holds the bundled demo's data: your listings will not mix with it; set data_dir in "
            f"{config.path} to a folder of its own, or remove {config.data_dir}"
        )
    if owner is None:
        config.data_dir.mkdir(parents=True, exist_ok=True)
        marker.write_text(mine + "\n", encoding="utf-8")


def _snapshot_problem(name: str, path: Path, pages: Callable[[Path], list[Path]]) -> list[str]:
    if not path.exists():
        return [f"source {name!r}: snapshot {path} does not exist"]
    if path.is_dir() and not pages(path):
        return [f"source {name!r}: snapshot folder {path} holds no saved pages"]
    return []
