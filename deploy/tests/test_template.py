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
    script = "import { policy } from './deploy/csp.mjs'; process.stdout.write(policy());"
    meta_policy = subprocess.run(["node", "--input-type=module", "-e", script], cwd=REPO, check=True,
                                 capture_output=True, text=True).stdout
    header = dict(d.split(" ", 1) for d in header_policy.split("; "))
    meta = dict(d.split(" ", 1) for d in meta_policy.split("; "))
    assert header.pop("frame-ancestors") == "'none'", "the header adds what a <meta> cannot carry"
    connect_header, connect_meta = header.pop("connect-src"), meta.pop("connect-src")
    assert header == meta
    # The header leaves loopback out (a hosted page has no sandbox) and takes extra endpoints.
    assert connect_header == "'self' ${ConnectSources}"
    assert connect_meta.startswith("'self' https://*.amazonaws.com https://*.amazonaws.com.cn")
