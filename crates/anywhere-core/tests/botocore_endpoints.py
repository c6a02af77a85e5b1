"""Prints the host botocore's endpoint rules resolve for each region and service of the input:
{"regions": [...], "services": [...]} -> {"region": {"service": "host"}}. The rules are what an AWS
SDK uses today (endpoints.json is the older, fallback data), with default settings: no FIPS, no
dual-stack, regional STS."""

import json
import sys
from urllib.parse import urlsplit

from botocore.endpoint_provider import EndpointProvider
from botocore.loaders import create_loader

request = json.load(open(sys.argv[1]))
loader = create_loader()
partitions = loader.load_data("partitions")
hosts: dict = {region: {} for region in request["regions"]}
for service in request["services"]:
    rules = loader.load_service_model(service, "endpoint-rule-set-1")
    provider = EndpointProvider(ruleset_data=rules, partition_data=partitions)
    for region in request["regions"]:
        endpoint = provider.resolve_endpoint(Region=region, UseFIPS=False, UseDualStack=False)
        hosts[region][service] = urlsplit(endpoint.url).hostname
print(json.dumps(hosts))
