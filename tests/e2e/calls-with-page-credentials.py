"""Makes AWS calls with credentials a journey took from the page (its GetCredentialsForIdentity answer),
through boto3 against the sandbox, and prints each call's outcome as JSON: "ok" or the error code.

Usage: calls-with-page-credentials.py < {"endpoint", "region", "credentials": {AccessKeyId, SecretKey,
SessionToken}, "calls": [{"name", "service", "operation", "params"}]}
"""

import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def main() -> None:
    request = json.load(sys.stdin)
    keys = request["credentials"]
    session = boto3.session.Session(
        aws_access_key_id=keys["AccessKeyId"], aws_secret_access_key=keys["SecretKey"],
        aws_session_token=keys["SessionToken"], region_name=request["region"],
    )
    clients = {}
    outcomes = {}
    for call in request["calls"]:
        service = call["service"]
        if service not in clients:
            clients[service] = session.client(
                service, endpoint_url=request["endpoint"], config=Config(retries={"total_max_attempts": 1}),
            )
        method = getattr(clients[service], call["operation"])
        try:
            response = method(**call["params"])
            response.pop("ResponseMetadata", None)
            outcomes[call["name"]] = {"outcome": "ok", "response": response}
        except ClientError as error:
            outcomes[call["name"]] = {
                "outcome": error.response["Error"]["Code"], "message": error.response["Error"]["Message"],
            }
    json.dump(outcomes, sys.stdout, default=str)


if __name__ == "__main__":
    main()
