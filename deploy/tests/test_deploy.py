"""deploy/deploy.sh against the sandbox's S3 (moto), through the real aws CLI with AWS_ENDPOINT_URL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from conftest import REPO

IMMUTABLE = "public, max-age=31536000, immutable"
ASSETS = {
    "anywhere-console-0123456789abcdef_bg.wasm": ("application/wasm", b"\0asm\1\0\0\0"),
    "anywhere-console-0123456789abcdef.js": ("text/javascript", b"export default function init() {}\n"),
    "start-0123456789abcdef.js": ("text/javascript", b"import init from './anywhere-console-0123456789abcdef.js';\n"),
    "main-0123456789abcdef.css": ("text/css", b"body { margin: 0 }\n"),
    "favicon-0123456789abcdef.svg": ("image/svg+xml", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
}


def built_index() -> str:
    """An index.html as the trunk hook leaves it: the policy comes from deploy/csp.mjs itself."""
    script = (
        "import { insertPolicy } from './deploy/csp.mjs';"
        "process.stdout.write(insertPolicy('<!doctype html><html><head><meta charset=\"utf-8\" /></head></html>'));"
    )
    return subprocess.run(["node", "--input-type=module", "-e", script], cwd=REPO, check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture
def dist(tmp_path):
    directory = tmp_path / "dist"
    directory.mkdir()
    (directory / "index.html").write_text(built_index())
    for name, (_, body) in ASSETS.items():
        (directory / name).write_bytes(body)
    return directory


@pytest.fixture
def s3(sandbox):
    url, config = sandbox
    return boto3.client("s3", endpoint_url=url, region_name=config["region"],
                        aws_access_key_id=config["accessKeyId"], aws_secret_access_key=config["secretAccessKey"])


def deploy(sandbox, dist: Path, *args: str, config: Path | None = None) -> subprocess.CompletedProcess:
    url, credentials = sandbox
    env = {
        **os.environ, "AWS_ENDPOINT_URL": url, "AWS_DEFAULT_REGION": credentials["region"],
        "AWS_ACCESS_KEY_ID": credentials["accessKeyId"], "AWS_SECRET_ACCESS_KEY": credentials["secretAccessKey"],
        "AWS": str(Path(sys.executable).parent / "aws"), "DIST": str(dist),
    }
    env.pop("AWS_PROFILE", None)
    if config is not None:
        env["CONFIG"] = str(config)
    return subprocess.run([str(REPO / "deploy" / "deploy.sh"), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_assets_are_immutable_and_the_entry_points_revalidate(sandbox, dist, s3, tmp_path):
    s3.create_bucket(Bucket="console-site")
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"pages": ["onboarding"], "endpoint": "https://proxy.example.com:8443/aws",
                                  "cognitoDomain": "https://edge.auth.eu-west-1.amazoncognito.com"}))
    result = deploy(sandbox, dist, "console-site", "/teams/edge/", config=config)
    assert result.returncode == 0, result.stderr
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket="console-site")["Contents"]}
    assert keys == {f"teams/edge/{name}" for name in [*ASSETS, "index.html", "config.json"]}
    for name, (content_type, body) in ASSETS.items():
        head = s3.head_object(Bucket="console-site", Key=f"teams/edge/{name}")
        assert (head["ContentType"], head["CacheControl"]) == (content_type, IMMUTABLE), name
        assert s3.get_object(Bucket="console-site", Key=f"teams/edge/{name}")["Body"].read() == body
    index = s3.get_object(Bucket="console-site", Key="teams/edge/index.html")
    assert (index["ContentType"], index["CacheControl"]) == ("text/html; charset=utf-8", "no-cache")
    page = index["Body"].read().decode()
    assert "http://localhost:* https://proxy.example.com:8443 https://edge.auth.eu-west-1.amazoncognito.com;" in page, (
        "the endpoint's and the sign-in domain's origins join connect-src"
    )
    published = s3.get_object(Bucket="console-site", Key="teams/edge/config.json")
    assert (published["ContentType"], published["CacheControl"]) == ("application/json", "no-cache")
    assert json.loads(published["Body"].read()) == json.loads(config.read_text())
    assert "proxy.example.com" not in (dist / "index.html").read_text(), "the build itself is left alone"


def test_without_a_prefix_or_config_the_bucket_root_gets_the_build(sandbox, dist, s3):
    s3.create_bucket(Bucket="console-root")
    result = deploy(sandbox, dist, "console-root")
    assert result.returncode == 0, result.stderr
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket="console-root")["Contents"]}
    assert keys == {*ASSETS, "index.html"}
    assert "proxy.example.com" not in s3.get_object(Bucket="console-root", Key="index.html")["Body"].read().decode()


@pytest.mark.parametrize("text, problem", [
    ('{"pages": [', "is not valid JSON"),
    ('["onboarding"]', "must hold one JSON object"),
    ('{"endpoint": "ftp://files.example.com"}', "must be an https:// URL"),
    ('{"endpoint": "http://proxy.example.com"}', "must be an https:// URL (http:// only on this machine)"),
])
def test_a_bad_config_stops_before_anything_is_uploaded(sandbox, dist, s3, tmp_path, text, problem):
    bucket = f"console-bad-{abs(hash(text)) % 10**8}"
    s3.create_bucket(Bucket=bucket)
    config = tmp_path / "config.json"
    config.write_text(text)
    result = deploy(sandbox, dist, bucket, config=config)
    assert result.returncode != 0
    assert problem in result.stderr
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0


def test_a_build_without_the_policy_is_refused(sandbox, dist, s3):
    (dist / "index.html").write_text("<!doctype html><html><head></head></html>")
    result = deploy(sandbox, dist, "console-unsafe")
    assert result.returncode != 0
    assert "no Content-Security-Policy" in result.stderr
