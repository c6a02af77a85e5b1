"""deploy/console.yaml: cfn-lint clean, and the properties the console's safety relies on."""

import subprocess
import sys
from pathlib import Path

from cfnlint.decode import cfn_yaml

from conftest import REPO

TEMPLATE = REPO / "deploy" / "console.yaml"
CSP_JS = REPO / "deploy" / "csp.mjs"


def resources() -> dict:
    return cfn_yaml.load(str(TEMPLATE))["Resources"]


def of_type(kind: str) -> list[dict]:
    return [r["Properties"] for r in resources().values() if r["Type"] == kind]


def test_cfn_lint_passes():
    lint = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(lint), str(TEMPLATE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_bucket_is_private_and_read_only_through_cloudfront():
    (bucket,) = of_type("AWS::S3::Bucket")
    assert set(bucket["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(bucket["PublicAccessBlockConfiguration"]) == 4
    (policy,) = of_type("AWS::S3::BucketPolicy")
    allow = [s for s in policy["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
    assert [s["Principal"] for s in allow] == [{"Service": "cloudfront.amazonaws.com"}]
    assert all(s["Action"] == "s3:GetObject" and "AWS:SourceArn" in s["Condition"]["StringEquals"] for s in allow)
    (oac,) = of_type("AWS::CloudFront::OriginAccessControl")
    assert oac["OriginAccessControlConfig"]["SigningBehavior"] == "always"
    (distribution,) = of_type("AWS::CloudFront::Distribution")
    config = distribution["DistributionConfig"]
    assert config["DefaultRootObject"] == "index.html"
    (origin,) = config["Origins"]
    assert "OriginAccessControlId" in origin and origin["S3OriginConfig"]["OriginAccessIdentity"] == ""
    behavior = config["DefaultCacheBehavior"]
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    assert behavior["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeaders"}


def test_the_security_headers_match_the_pages_policy():
    (headers,) = of_type("AWS::CloudFront::ResponseHeadersPolicy")
    security = headers["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert security["ContentTypeOptions"]["Override"] is True
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer"
    header_policy = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    default_sources = cfn_yaml.load(str(TEMPLATE))["Parameters"]["ConnectSources"]["Default"]
    deployed = header_policy.replace("${ConnectSources}", default_sources)
    assert deployed == node_eval("headerPolicy(['us-east-1'])"), "the template's default is csp.mjs --header us-east-1"
    header = dict(d.split(" ", 1) for d in deployed.split("; "))
    meta = dict(d.split(" ", 1) for d in node_eval("policy()").split("; "))
    assert header.pop("frame-ancestors") == "'none'", "the header adds what a <meta> cannot carry"
    connect_header, connect_meta = header.pop("connect-src").split(" "), meta.pop("connect-src").split(" ")
    assert header == meta
    # Exact hosts only, never a wildcard over amazonaws.com; the header's are a subset of the page's,
    # without loopback (a hosted page has no sandbox).
    for sources in (connect_header, connect_meta):
        assert not any("*.amazonaws" in source for source in sources), sources
    assert set(connect_header) <= set(connect_meta)
    assert connect_header == ["'self'"] + [f"https://{service}.us-east-1.amazonaws.com" for service in
                                           ("ecs", "ssm", "sts", "cognito-identity", "cognito-idp")]
    assert "http://127.0.0.1:*" in connect_meta and "https://ecs.cn-north-1.amazonaws.com.cn" in connect_meta


def node_eval(expression: str) -> str:
    script = f"import {{ headerPolicy, policy }} from './deploy/csp.mjs'; process.stdout.write({expression});"
    return subprocess.run(["node", "--input-type=module", "-e", script], cwd=REPO, check=True,
                          capture_output=True, text=True).stdout


def test_the_header_policy_refuses_what_cloudfront_would_refuse():
    script = "import { headerPolicy, serviceHosts } from './deploy/csp.mjs'; " \
        "headerPolicy([...new Set(serviceHosts().map((h) => h.region))]);"
    result = subprocess.run(["node", "--input-type=module", "-e", script], cwd=REPO, capture_output=True, text=True)
    assert result.returncode != 0
    assert "CloudFront takes at most 1783" in result.stderr


def test_only_https_or_loopback_endpoints_are_added_to_the_policy():
    for url, allowed in [("https://vpce.example.com/x", True), ("http://127.0.0.1:4566", True),
                         ("http://localhost:4566", True), ("http://proxy.example.com", False),
                         ("ftp://example.com", False)]:
        script = f"import {{ originOf }} from './deploy/csp.mjs'; process.stdout.write(originOf({url!r}));"
        result = subprocess.run(["node", "--input-type=module", "-e", script], cwd=REPO, capture_output=True,
                                text=True)
        assert (result.returncode == 0) == allowed, (url, result.stderr)
