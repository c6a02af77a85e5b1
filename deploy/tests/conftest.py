import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "sandbox"))

from anywhere_sandbox import launch  # noqa: E402  (the sandbox package lives beside, not installed)


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory):
    """The local sandbox: its moto S3 stands in for the bucket."""
    process, url, config = launch.start("none", tmp_path_factory.mktemp("sandbox") / "port")
    yield url, config
    launch.stop(process)
