import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory):
    """The local sandbox: its moto S3 stands in for the bucket."""
    port_file = tmp_path_factory.mktemp("sandbox") / "port"
    process = subprocess.Popen(
        [sys.executable, "-m", "anywhere_sandbox", "--port", "0", "--seed", "none", "--port-file", str(port_file)],
        cwd=REPO / "sandbox", start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while not port_file.exists():
        if process.poll() is not None:
            raise RuntimeError(f"sandbox exited with {process.returncode}")
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGTERM)
            raise TimeoutError("sandbox did not write its port file")
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port_file.read_text().strip()}"
    with urllib.request.urlopen(url + "/_sandbox/config", timeout=10) as response:
        config = json.loads(response.read())
    yield url, config
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)
