import datetime
import json
import urllib.error
import urllib.request
from unittest import mock

import botocore.exceptions
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ORIGIN = "http://127.0.0.1:8080"
ECS_TARGET = "AmazonEC2ContainerServiceV20141113.ListClusters"


def raw_call(sandbox, secret=None, key=None, when=None, service="ecs", region="us-east-1", target=ECS_TARGET):
    """A signed call (ListClusters unless told) sent with urllib, so headers and bodies are seen as a
    browser sees them."""
    body = b"{}"
    headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target, "Origin": ORIGIN}
    request = AWSRequest(method="POST", url=sandbox.url + "/", data=body, headers=headers)
    credentials = Credentials(key or sandbox.config["accessKeyId"], secret or sandbox.config["secretAccessKey"])
    auth = SigV4Auth(credentials, service, region)
    if when is None:
        auth.add_auth(request)
    else:
        with mock.patch("botocore.auth.get_current_datetime", return_value=when.replace(tzinfo=None)):
            auth.add_auth(request)
    prepared = urllib.request.Request(sandbox.url + "/", data=body, method="POST", headers=dict(request.headers.items()))
    try:
        with urllib.request.urlopen(prepared, timeout=10) as response:
            return response.status, _lower(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), json.loads(error.read())


def _lower(headers) -> dict:
    return {name.lower(): value for name, value in headers.items()}


def test_preflight_is_answered_with_cors_headers(sandbox):
    request = urllib.request.Request(sandbox.url + "/", method="OPTIONS", headers={
        "Origin": ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,x-amz-date,x-amz-target,amz-sdk-invocation-id",
    })
    with urllib.request.urlopen(request, timeout=10) as response:
        headers = response.headers
        assert response.status == 200
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    allowed = headers["Access-Control-Allow-Headers"]
    for name in ("authorization", "content-type", "x-amz-date", "x-amz-target", "x-amz-security-token", "amz-sdk-invocation-id"):
        assert name in allowed
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert int(headers["Access-Control-Max-Age"]) > 0


def test_right_key_is_accepted_and_response_exposes_headers(sandbox):
    status, headers, body = raw_call(sandbox)
    assert status == 200
    assert "arn:aws:ecs:us-east-1:123456789012:cluster/edge-factory" in body["clusterArns"]
    assert headers["access-control-allow-origin"] == ORIGIN
    exposed = [name.strip() for name in headers["access-control-expose-headers"].split(",")]
    assert "x-amzn-requestid" in exposed
    # AWS does not expose Date to browsers: the console must take the time from error messages.
    assert "date" not in exposed
    assert headers.get("x-amzn-requestid")


def test_wrong_secret_is_rejected_with_cors_headers(sandbox):
    status, headers, body = raw_call(sandbox, secret="not-the-secret")
    assert status == 400
    assert body["__type"] == "InvalidSignatureException"
    assert "signature we calculated does not match" in body["message"]
    assert headers["access-control-allow-origin"] == ORIGIN
    assert headers["x-amzn-errortype"] == "InvalidSignatureException"


def test_unknown_key_is_rejected(sandbox):
    status, _, body = raw_call(sandbox, key="AKIAUNKNOWNKEY000000")
    assert status == 400
    assert body["__type"] == "UnrecognizedClientException"
    assert body["message"] == "The security token included in the request is invalid."


def test_bad_session_token_is_rejected(sandbox):
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        sandbox.client("ecs", aws_session_token="bogus-token").list_clusters()
    assert raised.value.response["Error"]["Code"] == "UnrecognizedClientException"


def test_wrong_secret_is_rejected_for_ssm_operations_the_front_answers(sandbox):
    client = sandbox.client("ssm", aws_secret_access_key="wrong")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        client.describe_activations()
    assert raised.value.response["Error"]["Code"] == "InvalidSignatureException"


def test_skewed_clock_is_rejected_with_aws_message(sandbox):
    signed_at = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
    status, headers, body = raw_call(sandbox, when=signed_at)
    assert status == 400
    assert body["__type"] == "InvalidSignatureException"
    assert body["message"].startswith(f"Signature expired: {signed_at.strftime('%Y%m%dT%H%M%SZ')} is now earlier than ")
    assert body["message"].endswith(" - 5 min.)")
    assert headers["access-control-allow-origin"] == ORIGIN


def test_shifted_sandbox_clock_rejects_current_requests(sandbox, ecs):
    sandbox.control("clock", {"shiftSeconds": 3600})
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ecs.list_clusters()
    assert raised.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert "Signature expired" in raised.value.response["Error"]["Message"]
    served = raised.value.response["ResponseMetadata"]["HTTPHeaders"]["date"]
    served_at = datetime.datetime.strptime(served, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=datetime.timezone.utc)
    assert served_at - datetime.datetime.now(datetime.timezone.utc) > datetime.timedelta(minutes=55)


def test_unsigned_request_is_rejected(sandbox):
    request = urllib.request.Request(sandbox.url + "/", data=b"{}", method="POST", headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": ECS_TARGET, "Origin": ORIGIN,
    })
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 400
    assert json.loads(raised.value.read())["__type"] == "MissingAuthenticationTokenException"
    assert raised.value.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_config_endpoint_shape(sandbox):
    config = sandbox.control("config")
    assert set(config) == {"region", "endpoint", "accessKeyId", "secretAccessKey"}
    assert config["region"] == "us-east-1"
    assert config["endpoint"] == sandbox.url
    assert config["accessKeyId"].startswith("AKIA")


def test_a_signature_for_a_region_that_does_not_exist_is_refused(sandbox):
    status, _, body = raw_call(sandbox, region="xx-nowhere-1")
    assert status == 400
    assert body["__type"] == "InvalidSignatureException"
    assert body["message"] == "Credential should be scoped to a valid region, not 'xx-nowhere-1'. "


def test_a_signature_for_another_service_is_refused(sandbox):
    status, _, body = raw_call(sandbox, service="ssm")
    assert status == 400
    assert body["__type"] == "InvalidSignatureException"
    assert body["message"] == "Credential should be scoped to correct service: 'ecs'. "
    status, _, body = raw_call(sandbox, service="ecs", target="AmazonSSM.DescribeActivations")
    assert (status, body["__type"]) == (400, "InvalidSignatureException")
    assert "correct service: 'ssm'" in body["message"]


def test_the_scope_date_must_be_the_request_date(sandbox):
    body = b"{}"
    request = AWSRequest(method="POST", url=sandbox.url + "/", data=body, headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": ECS_TARGET,
    })
    SigV4Auth(Credentials(sandbox.config["accessKeyId"], sandbox.config["secretAccessKey"]), "ecs", "us-east-1").add_auth(request)
    scope_date = request.headers["X-Amz-Date"][:8]
    request.headers.replace_header("Authorization", request.headers["Authorization"].replace(f"/{scope_date}/", "/20000101/"))
    prepared = urllib.request.Request(sandbox.url + "/", data=body, method="POST", headers=dict(request.headers.items()))
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(prepared, timeout=10)
    answer = json.loads(raised.value.read())
    assert answer["__type"] == "InvalidSignatureException"
    assert answer["message"].startswith("Date in Credential scope does not match YYYYMMDD")


def session_client(sandbox, service, credentials):
    return sandbox.client(
        service,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def test_get_session_token_keys_work_until_they_expire(sandbox):
    credentials = sandbox.client("sts").get_session_token(DurationSeconds=900)["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    clusters = session_client(sandbox, "ecs", credentials).list_clusters()["clusterArns"]
    assert any(arn.endswith("/edge-factory") for arn in clusters)
    assert session_client(sandbox, "ssm", credentials).describe_activations()["ActivationList"]
    forged = dict(credentials, SessionToken="forged")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        session_client(sandbox, "ecs", forged).list_clusters()
    assert raised.value.response["Error"]["Code"] == "UnrecognizedClientException"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        session_client(sandbox, "sts", credentials).get_session_token()
    assert raised.value.response["Error"]["Code"] == "AccessDenied"
    # Past its expiry by the sandbox clock; signed with that clock, so only the token's age counts.
    sandbox.control("clock", {"shiftSeconds": 901})
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=901)
    with mock.patch("botocore.auth.get_current_datetime", return_value=later.replace(tzinfo=None)):
        with pytest.raises(botocore.exceptions.ClientError) as raised:
            session_client(sandbox, "ecs", credentials).list_clusters()
    assert raised.value.response["Error"]["Code"] == "ExpiredTokenException"


def test_get_session_token_duration_is_checked(sandbox):
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        sandbox.client("sts", validate=False).get_session_token(DurationSeconds=60)
    assert raised.value.response["Error"]["Code"] == "ValidationError"


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1.evil.example:8080", "null",
                                    "http://192.168.1.5:8080", "file://"])
def test_pages_from_elsewhere_are_refused_before_anything_runs(sandbox, origin):
    preflight = urllib.request.Request(sandbox.url + "/", method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
    })
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(preflight, timeout=10)
    assert raised.value.code == 403
    assert "Access-Control-Allow-Origin" not in raised.value.headers
    # A no-cors POST from such a page would reach the control API: it must change nothing.
    change = urllib.request.Request(sandbox.url + "/_sandbox/faults", data=b'{"throttle": 5}', method="POST", headers={
        "Origin": origin, "Content-Type": "text/plain",
    })
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(change, timeout=10)
    assert raised.value.code == 403
    assert sandbox.control("faults")["throttle"] == 0


@pytest.mark.parametrize("origin", ["http://localhost:8080", "http://127.0.0.2:3000", "http://[::1]:8080",
                                    "https://127.0.0.1"])
def test_pages_from_this_machine_get_cors_headers(sandbox, origin):
    preflight = urllib.request.Request(sandbox.url + "/", method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
    })
    with urllib.request.urlopen(preflight, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Access-Control-Allow-Origin"] == origin


def test_clients_without_an_origin_are_served_without_cors_headers(sandbox, ecs):
    assert ecs.list_clusters()["clusterArns"]
    with urllib.request.urlopen(sandbox.url + "/_sandbox/faults", timeout=10) as response:
        assert "Access-Control-Allow-Origin" not in response.headers
