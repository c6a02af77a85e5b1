"""Signs the requests described in a JSON file with botocore's SigV4Auth at the given times.

Input: a list of {method, url, headers: [[name, value]], body, access_key_id, secret_access_key,
session_token, region, service, epoch_millis}. Output (stdout): the list of Authorization headers.
"""

import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def authorization(case):
    at = datetime.datetime.fromtimestamp(case["epoch_millis"] // 1000, datetime.timezone.utc)
    request = AWSRequest(
        method=case["method"],
        url=case["url"],
        data=case["body"].encode("utf-8"),
        headers=dict(case["headers"]),
    )
    credentials = Credentials(case["access_key_id"], case["secret_access_key"], case["session_token"])
    # SigV4Auth reads the clock through this function; pin it to the case's time.
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda *_, **__: at.replace(tzinfo=None)):
        SigV4Auth(credentials, case["service"], case["region"]).add_auth(request)
    return request.headers["Authorization"]


def main():
    with open(sys.argv[1], encoding="utf-8") as cases:
        print(json.dumps([authorization(case) for case in json.load(cases)]))


if __name__ == "__main__":
    main()
