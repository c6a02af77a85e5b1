"""The sandbox in a child process, for tests: started on a free port, waited for until it writes
which, and stopped with everything it started."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SANDBOX_DIR = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60


def start(seed: str, port_file: Path) -> tuple[subprocess.Popen, str, dict]:
    """The running process, its URL and its `/_sandbox/config` (region, keys, ...)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "anywhere_sandbox", "--port", "0", "--seed", seed, "--port-file", str(port_file)],
        cwd=SANDBOX_DIR, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while not port_file.exists():
        if process.poll() is not None:
            raise RuntimeError(f"sandbox exited with {process.returncode}")
        if time.monotonic() > deadline:
            stop(process)
            raise TimeoutError("sandbox did not write its port file")
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port_file.read_text().strip()}"
    with urllib.request.urlopen(url + "/_sandbox/config", timeout=10) as response:
        config = json.loads(response.read())
    return process, url, config


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)
