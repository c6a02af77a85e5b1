"""The fleet load as a boto3 script would do it, the way the AWS CLI pages: one request at a time.

The requests of the console's loader, only sequential: the region's managed instances first
(DescribeInstanceProperties, hybrid nodes, 1,000 a page), then for each page of ListContainerInstances
(100 ARNs, external instances only) DescribeContainerInstances of that page (with tags), joined with
those records; a host the listing does not hold would be looked up by id (DescribeInstanceInformation,
50 ids). At 1,000 hosts that is 21 requests, where looking every host up by id took 40.

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
SSM_LISTING_PAGE = 1000


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


def managed_instances(ssm, counter):
    records = {}
    request = {
        "InstancePropertyFilterList": [{"key": "ResourceType", "valueSet": ["ManagedInstance"]}],
        "MaxResults": SSM_LISTING_PAGE,
    }
    while True:
        page = ssm.describe_instance_properties(**request)
        counter["requests"] += 1
        for record in page["InstanceProperties"]:
            records[record["InstanceId"]] = record
        if not page.get("NextToken"):
            return records
        request["NextToken"] = page["NextToken"]


def join_page(ecs, ssm, cluster, arns, records, counter):
    described = ecs.describe_container_instances(cluster=cluster, containerInstances=arns, include=["TAGS"])
    counter["requests"] += 1
    instances = described["containerInstances"]
    managed_ids = [i["ec2InstanceId"] for i in instances if i.get("ec2InstanceId", "").startswith("mi-")]
    unlisted = [i for i in managed_ids if i not in records]
    for start in range(0, len(unlisted), SSM_BATCH_SIZE):
        batch = unlisted[start : start + SSM_BATCH_SIZE]
        found = ssm.describe_instance_information(
            Filters=[{"Key": "InstanceIds", "Values": batch}], MaxResults=SSM_BATCH_SIZE
        )
        counter["requests"] += 1
        for info in found["InstanceInformationList"]:
            records[info["InstanceId"]] = info
    return [(instance, records.get(instance.get("ec2InstanceId"))) for instance in instances]


def load_fleet(ecs, ssm, cluster):
    counter = {"requests": 0}
    rows = []
    first_row_ms = None
    start = time.perf_counter()
    cpu_start = time.process_time()
    records = managed_instances(ssm, counter)
    token = None
    while True:
        request = {"cluster": cluster, "filter": EXTERNAL_FILTER, "maxResults": ECS_PAGE_SIZE}
        if token:
            request["nextToken"] = token
        listed = ecs.list_container_instances(**request)
        counter["requests"] += 1
        arns = listed["containerInstanceArns"]
        if arns:
            rows.extend(join_page(ecs, ssm, cluster, arns, records, counter))
            if first_row_ms is None:
                first_row_ms = (time.perf_counter() - start) * 1000
        token = listed.get("nextToken")
        if not token:
            break
    all_rows_ms = (time.perf_counter() - start) * 1000
    # The CPU the client itself spent over the same span (signing, HTTP, parsing, joining).
    cpu_ms = (time.process_time() - cpu_start) * 1000
    return {"hosts": len(rows), "firstRowMs": first_row_ms, "allRowsMs": all_rows_ms, "cpuMs": cpu_ms, **counter}


def main():
    sandbox_url, cluster = sys.argv[1], sys.argv[2]
    ecs, ssm = clients(sandbox_url)
    print(json.dumps(load_fleet(ecs, ssm, cluster)))


if __name__ == "__main__":
    main()
