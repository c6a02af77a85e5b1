"""The sandbox's Python dependencies are locked: every package pinned with its hashes, the direct
ones at the versions requirements.in names, and setup installs the lock with hash checking."""

import re
from pathlib import Path

SANDBOX = Path(__file__).resolve().parent.parent
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$")


def locked() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes), read from requirements.txt."""
    packages = {}
    current = None
    for line in (SANDBOX / "requirements.txt").read_text().splitlines():
        if match := REQUIREMENT.match(line):
            current = match.group(1).lower()
            packages[current] = (match.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and current is not None:
            version, hashes = packages[current]
            packages[current] = (version, hashes + 1)
        elif line.strip() and not line.lstrip().startswith("#"):
            assert line.startswith("    "), f"unexpected line in the lock: {line!r}"
    return packages


def test_every_locked_package_has_a_pinned_version_and_hashes():
    packages = locked()
    assert len(packages) > 50, "the lock holds the transitive packages too"
    assert all(hashes > 0 for _, hashes in packages.values()), [n for n, (_, h) in packages.items() if h == 0]


def test_the_direct_pins_are_the_locked_versions():
    packages = locked()
    for line in (SANDBOX / "requirements.in").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, version = line.split("==")
        name = re.sub(r"\[.*\]", "", name).lower()
        assert packages[name][0] == version, name


def test_setup_installs_the_lock_with_hash_checking():
    setup = (SANDBOX.parent / "scripts" / "setup.sh").read_text()
    assert "--require-hashes --only-binary :all: --no-deps -r sandbox/requirements.txt" in setup
