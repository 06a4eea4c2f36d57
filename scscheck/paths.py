"""Where scscheck keeps its cache and configuration, and where the bundled registries are."""

import os
from pathlib import Path

APP = "scscheck"


def home_dir(override: Path | None = None) -> Path:
    """The data directory holding the cache: --home, else $SCSCHECK_HOME, else the platform's data dir."""
    if override is not None:
        return override
    env = os.environ.get("SCSCHECK_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP))


def config_dir() -> Path:
    """The platform's configuration directory for scscheck (user registries live in its `registries/`)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP))


def cache_dir() -> Path:
    """The platform's cache directory for scscheck (derived data that can be made again)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP))


def bundled_registry_dir() -> Path:
    """The registries shipped with scscheck: inside the installed package, else the source checkout's."""
    packaged = Path(__file__).resolve().parent / "_registries"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "registries"
