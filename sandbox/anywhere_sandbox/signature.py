"""SigV4 verification for every signed request, including the ones the front answers itself.

moto checks signatures only for the operations it implements and answers with S3-style XML; AWS JSON
services (ECS, SSM) answer with the JSON shapes below, so the front checks every signed call itself:
the credential scope (date, the sandbox's region, the service the request is for), the clock, the key
and the HMAC. Secrets are looked up in moto's IAM/STS backends, so moto stays the source of truth for
credentials, except for GetSessionToken's keys, which moto does not keep (it answers one fixed
example key): the front issues and keeps those (SessionKeys). Error texts follow the AWS general
reference, "Signature Version 4 signing errors", and the STS API reference.
"""

import secrets
import string
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials
from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.access_control import CreateAccessKeyFailure, create_access_key
from werkzeug.datastructures import Headers

from .authorization import Caller
from .awserror import AwsError

MAX_SKEW = timedelta(minutes=5)
AMZ_DATE = "%Y%m%dT%H%M%SZ"

INVALID_TOKEN = "The security token included in the request is invalid."
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
class SessionKey:
    """Temporary keys from GetSessionToken: the IAM user's permissions, for a while."""

    secret_access_key: str
    session_token: str
    expiration: datetime
    owner_access_key_id: str


class SessionKeys:
    """GetSessionToken's keys, by access key id (STS API reference, GetSessionToken)."""

    MIN_SECONDS, MAX_SECONDS, DEFAULT_SECONDS = 900, 129_600, 43_200

    def __init__(self):
        self._lock = threading.Lock()
        self._keys: dict[str, SessionKey] = {}

    def issue(self, caller: "Caller", duration_seconds: int, now: datetime) -> tuple[str, SessionKey]:
        if not caller.access_key_id.startswith("AKIA"):
            raise AwsError("AccessDenied", "Cannot call GetSessionToken with session credentials", 403)
        if not self.MIN_SECONDS <= duration_seconds <= self.MAX_SECONDS:
            bound = "greater than or equal to 900" if duration_seconds < self.MIN_SECONDS else "less than or equal to 129600"
            raise AwsError(
                "ValidationError",
                f"1 validation error detected: Value '{duration_seconds}' at 'durationSeconds' failed to "
                f"satisfy constraint: Member must have value {bound}",
            )
        alphabet = string.ascii_uppercase + string.digits
        key_id = "ASIA" + "".join(secrets.choice(alphabet) for _ in range(16))
        key = SessionKey(
            secret_access_key=secrets.token_urlsafe(30)[:40],
            session_token=secrets.token_urlsafe(96),
            expiration=now + timedelta(seconds=duration_seconds),
            owner_access_key_id=caller.access_key_id,
        )
        with self._lock:
            self._keys[key_id] = key
        return key_id, key

    def get(self, key_id: str) -> SessionKey | None:
        with self._lock:
            return self._keys.get(key_id)


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


def check_scope(parts: SignedParts, amz_date: str, region: str, service: str | None) -> None:
    """The credential scope must name the request's date, this endpoint's region and service."""
    _, scope_date, scope_region, scope_service, terminator = parts.credential
    if terminator != "aws4_request":
        raise AwsError(
            "IncompleteSignatureException",
            f"Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'.",
        )
    if scope_date != amz_date[:8]:
        raise AwsError(
            "InvalidSignatureException",
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            f"'{scope_date}' != '{amz_date[:8]}', from '{amz_date}'.",
        )
    if scope_region != region:
        raise AwsError("InvalidSignatureException", f"Credential should be scoped to a valid region, not '{scope_region}'. ")
    if service is not None and scope_service != service:
        raise AwsError("InvalidSignatureException", f"Credential should be scoped to correct service: '{service}'. ")


def verify(
    method: str,
    url: str,
    headers: Headers,
    body: bytes,
    now: datetime,
    region: str,
    service: str | None,
    sessions: SessionKeys,
) -> Caller:
    """Verify a SigV4 header-signed request for `service` (None: whichever the scope names, as moto
    routes by it) in `region`; raise AwsError shaped as AWS answers otherwise."""
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
    check_scope(parts, amz_date, region, service)
    key_id, _, _, scope_service, _ = parts.credential
    session = sessions.get(key_id)
    try:
        if session is None:
            access_key = create_access_key(DEFAULT_ACCOUNT_ID, "aws", key_id, headers)
            credentials = access_key.create_credentials()
        else:
            if headers.get("X-Amz-Security-Token") != session.session_token:
                raise AwsError("UnrecognizedClientException", INVALID_TOKEN)
            if now >= session.expiration:
                raise AwsError("ExpiredTokenException", "The security token included in the request is expired")
            access_key = create_access_key(DEFAULT_ACCOUNT_ID, "aws", session.owner_access_key_id, {})
            credentials = Credentials(key_id, session.secret_access_key, session.session_token)
    except CreateAccessKeyFailure as failure:
        raise AwsError("UnrecognizedClientException", INVALID_TOKEN) from failure
    signed = {name: headers.get(name, "") for name in parts.signed_headers}
    request = AWSRequest(method=method, url=url, data=body, headers=signed)
    request.context["timestamp"] = amz_date
    auth = ExactHeadersSigV4(credentials, scope_service, region)
    canonical = auth.canonical_request(request)
    expected = auth.signature(auth.string_to_sign(request, canonical), request)
    if expected != parts.signature:
        raise AwsError("InvalidSignatureException", SIGNATURE_MISMATCH)
    return Caller(key_id, access_key, region, scope_service, via_session=session is not None)
