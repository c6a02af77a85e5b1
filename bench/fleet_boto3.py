"""The fleet load as a boto3 script would do it, the way the AWS CLI pages: one request at a time.

For each page of ListContainerInstances (100 ARNs, external instances only), DescribeContainerInstances
of that page (with tags), then DescribeInstanceInformation for its managed-instance ids in lookups of
50, and the join of the two. The same requests as the console's loader, only sequential.

Usage: fleet_boto3.py SANDBOX_URL CLUSTER. Prints one JSON object: hosts joined, milliseconds to the
first joined row and to all rows (from the first request), and the requests sent.
"""

import json
import sys
import time
import urllib.request

import boto3
from botocore.config import Config

EXTERNAL_FILTER = "attribute:ecs.capability.external exists"
ECS_PAGE_SIZE = 100
SSM_BATCH_SIZE = 50


def clients(sandbox_url):
    with urllib.request.urlopen(f"{sandbox_url}/_sandbox/config") as response:
        config = json.load(response)
    session = boto3.session.Session(
        aws_access_key_id=config["accessKeyId"],
        aws_secret_access_key=config["secretAccessKey"],
        region_name=config["region"],
    )
    # No retries: a failed request should fail the benchmark, not hide in its time.
    settings = Config(retries={"max_attempts": 1, "mode": "standard"})
    return (
        session.client("ecs", endpoint_url=config["endpoint"], config=settings),
        session.client("ssm", endpoint_url=config["endpoint"], config=settings),
    )


def join_page(ecs, ssm, cluster, arns, counter):
    described = ecs.describe_container_instances(cluster=cluster, containerInstances=arns, include=["TAGS"])
    counter["requests"] += 1
    instances = described["containerInstances"]
    managed_ids = [i["ec2InstanceId"] for i in instances if i.get("ec2InstanceId", "").startswith("mi-")]
    ssm_by_id = {}
    for start in range(0, len(managed_ids), SSM_BATCH_SIZE):
        batch = managed_ids[start : start + SSM_BATCH_SIZE]
        found = ssm.describe_instance_information(
            Filters=[{"Key": "InstanceIds", "Values": batch}], MaxResults=SSM_BATCH_SIZE
        )
        counter["requests"] += 1
        for info in found["InstanceInformationList"]:
            ssm_by_id[info["InstanceId"]] = info
    return [(instance, ssm_by_id.get(instance.get("ec2InstanceId"))) for instance in instances]


def load_fleet(ecs, ssm, cluster):
    counter = {"requests": 0}
    rows = []
    first_row_ms = None
    start = time.perf_counter()
    token = None
    while True:
        request = {"cluster": cluster, "filter": EXTERNAL_FILTER, "maxResults": ECS_PAGE_SIZE}
        if token:
            request["nextToken"] = token
        listed = ecs.list_container_instances(**request)
        counter["requests"] += 1
        arns = listed["containerInstanceArns"]
        if arns:
            rows.extend(join_page(ecs, ssm, cluster, arns, counter))
            if first_row_ms is None:
                first_row_ms = (time.perf_counter() - start) * 1000
        token = listed.get("nextToken")
        if not token:
            break
    all_rows_ms = (time.perf_counter() - start) * 1000
    return {"hosts": len(rows), "firstRowMs": first_row_ms, "allRowsMs": all_rows_ms, **counter}


def main():
    sandbox_url, cluster = sys.argv[1], sys.argv[2]
    ecs, ssm = clients(sandbox_url)
    print(json.dumps(load_fleet(ecs, ssm, cluster)))


if __name__ == "__main__":
    main()
