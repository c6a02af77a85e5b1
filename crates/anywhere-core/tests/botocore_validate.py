"""Checks request bodies and response fixtures against botocore's ECS and SSM service models.

Input: {"requests": [{service, operation, target, content_type, body}],
        "responses": [{service, operation, body}]}.
Output (stdout): a JSON list of problems, empty when everything conforms.
"""

import json
import sys

import botocore.session
from botocore.validate import ParamValidator


def main():
    with open(sys.argv[1], encoding="utf-8") as source:
        cases = json.load(source)
    session = botocore.session.get_session()
    models = {name: session.get_service_model(name) for name in ("ecs", "ssm")}
    validator = ParamValidator()
    problems = []

    for case in cases["requests"]:
        model = models[case["service"]]
        where = f'{case["service"]} {case["operation"]} request'
        if case["operation"] not in model.operation_names:
            problems.append(f"{where}: unknown operation")
            continue
        expected_target = f'{model.metadata["targetPrefix"]}.{case["operation"]}'
        if case["target"] != expected_target:
            problems.append(f'{where}: X-Amz-Target {case["target"]!r}, model says {expected_target!r}')
        expected_type = f'application/x-amz-json-{model.metadata["jsonVersion"]}'
        if case["content_type"] != expected_type:
            problems.append(f'{where}: Content-Type {case["content_type"]!r}, model says {expected_type!r}')
        if case["signing_name"] != model.signing_name:
            problems.append(f'{where}: signing name {case["signing_name"]!r}, model says {model.signing_name!r}')
        shape = model.operation_model(case["operation"]).input_shape
        report = validator.validate(case["body"], shape)
        if report.has_errors():
            problems.append(f"{where}: {report.generate_report()}")

    for case in cases["responses"]:
        model = models[case["service"]]
        where = f'{case["service"]} {case["operation"]} response fixture'
        shape = model.operation_model(case["operation"]).output_shape
        if shape is None:
            if case["body"] != {}:
                problems.append(f"{where}: the operation returns no members, expected {{}}")
            continue
        report = validator.validate(case["body"], shape)
        if report.has_errors():
            problems.append(f"{where}: {report.generate_report()}")

    print(json.dumps(problems))


if __name__ == "__main__":
    main()
