"""AWS-shaped errors the front answers with itself."""

import json
from xml.sax.saxutils import escape


class AwsError(Exception):
    """An error rendered the way the AWS JSON and query protocols render it.

    The JSON member holding the message is `message` for errors from the shared front door
    (signatures, throttling); for a service's own errors it is the one the error's shape in the
    service model names (`Message` for most of SSM's), set by the front.
    """

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.message_member = "message"

    def json_body(self) -> bytes:
        return json.dumps({"__type": self.code, self.message_member: self.message}).encode()

    def xml_body(self, request_id: str) -> bytes:
        return (
            "<ErrorResponse><Error><Type>Sender</Type>"
            f"<Code>{escape(self.code)}</Code><Message>{escape(self.message)}</Message>"
            f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        ).encode()


def invalid_parameter(message: str) -> AwsError:
    return AwsError("InvalidParameterException", message)


def validation(message: str) -> AwsError:
    return AwsError("ValidationException", message)
