"""SigV4 verification for every signed request, including the ones the front answers itself.

moto checks signatures only for the operations it implements and answers with S3-style XML; AWS JSON
services (ECS, SSM) answer with the JSON shapes below, so the front checks every signed call itself.
Secrets are looked up in moto's IAM/STS backends, so moto stays the source of truth for credentials.
Error texts follow the AWS general reference, "Signature Version 4 signing errors".
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.access_control import (
    CreateAccessKeyFailure,
    IAMPolicy,
    PermissionResult,
    create_access_key,
)
from werkzeug.datastructures import Headers

from .awserror import AwsError

MAX_SKEW = timedelta(minutes=5)
AMZ_DATE = "%Y%m%dT%H%M%SZ"

SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)


class ExactHeadersSigV4(SigV4Auth):
    """Sign exactly the headers the client listed, even ones botocore itself never signs (user-agent)."""

    def headers_to_sign(self, request: AWSRequest) -> HTTPHeaders:
        chosen = HTTPHeaders()
        for name, value in request.headers.items():
            chosen[name.lower()] = value
        return chosen


@dataclass
class Caller:
    """Who signed a verified request; `access_key` is moto's view of the key, used for IAM policy checks."""

    access_key_id: str
    access_key: object
    region: str
    service: str

    def authorize(self, action: str) -> None:
        permitted = False
        for policy in self.access_key.collect_policies():
            result = IAMPolicy(policy).is_action_permitted(action, "*")
            if result == PermissionResult.DENIED:
                permitted = False
                break
            if result == PermissionResult.PERMITTED:
                permitted = True
        if not permitted:
            raise AwsError(
                "AccessDeniedException",
                f"User: {self.access_key.arn} is not authorized to perform: {action} on resource: *",
            )


@dataclass
class SignedParts:
    credential: list[str]
    signed_headers: list[str]
    signature: str


def parse_authorization(value: str) -> SignedParts:
    scheme, _, rest = value.partition(" ")
    if scheme != "AWS4-HMAC-SHA256":
        raise AwsError("IncompleteSignatureException", "Unsupported signature algorithm.")
    fields = {}
    for part in rest.split(","):
        key, _, val = part.strip().partition("=")
        fields[key] = val
    credential = fields.get("Credential", "").split("/")
    if len(credential) != 5 or not fields.get("SignedHeaders") or not fields.get("Signature"):
        raise AwsError(
            "IncompleteSignatureException",
            f"Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. "
            f"Authorization={value}",
        )
    return SignedParts(credential, fields["SignedHeaders"].split(";"), fields["Signature"])


def check_clock(amz_date: str, now: datetime) -> None:
    """Reject a request signed more than 5 minutes away from the sandbox clock, in AWS's words."""
    try:
        signed_at = datetime.strptime(amz_date, AMZ_DATE).replace(tzinfo=timezone.utc)
    except ValueError as error:
        raise AwsError(
            "IncompleteSignatureException", f"Date must be in ISO-8601 'basic format'. Got '{amz_date}'."
        ) from error
    now_text = now.strftime(AMZ_DATE)
    if signed_at < now - MAX_SKEW:
        earliest = (now - MAX_SKEW).strftime(AMZ_DATE)
        raise AwsError(
            "InvalidSignatureException",
            f"Signature expired: {amz_date} is now earlier than {earliest} ({now_text} - 5 min.)",
        )
    if signed_at > now + MAX_SKEW:
        latest = (now + MAX_SKEW).strftime(AMZ_DATE)
        raise AwsError(
            "InvalidSignatureException",
            f"Signature not yet current: {amz_date} is still later than {latest} ({now_text} + 5 min.)",
        )


def verify(
    method: str, url: str, headers: Headers, body: bytes, now: datetime
) -> Caller:
    """Verify a SigV4 header-signed request; raise AwsError shaped as AWS answers otherwise."""
    authorization = headers.get("Authorization")
    if not authorization:
        raise AwsError("MissingAuthenticationTokenException", "Missing Authentication Token")
    parts = parse_authorization(authorization)
    amz_date = headers.get("X-Amz-Date")
    if not amz_date:
        raise AwsError(
            "IncompleteSignatureException",
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        )
    check_clock(amz_date, now)
    key_id, _, region, service, _ = parts.credential
    try:
        access_key = create_access_key(DEFAULT_ACCOUNT_ID, "aws", key_id, headers)
    except CreateAccessKeyFailure as failure:
        raise AwsError(
            "UnrecognizedClientException", "The security token included in the request is invalid."
        ) from failure
    signed = {name: headers.get(name, "") for name in parts.signed_headers}
    request = AWSRequest(method=method, url=url, data=body, headers=signed)
    request.context["timestamp"] = amz_date
    auth = ExactHeadersSigV4(access_key.create_credentials(), service, region)
    canonical = auth.canonical_request(request)
    expected = auth.signature(auth.string_to_sign(request, canonical), request)
    if expected != parts.signature:
        raise AwsError("InvalidSignatureException", SIGNATURE_MISMATCH)
    return Caller(key_id, access_key, region, service)
