"""The sandbox's cluster query language against the corpus it shares with the console's evaluator
(crates/anywhere-core/tests/rules_query_language.rs), so the two cannot drift apart."""

import json
from datetime import datetime
from pathlib import Path

import pytest

from anywhere_sandbox.awserror import AwsError
from anywhere_sandbox.cql import Subject, compile_expression

CORPUS = json.loads(
    (Path(__file__).resolve().parents[2] / "crates/anywhere-core/tests/fixtures/cluster_query_language.json").read_text()
)


def subject(host: dict) -> Subject:
    return Subject(
        attributes=host["attributes"],
        agent_connected=host["agentConnected"],
        agent_version=host["agentVersion"],
        ec2_instance_id=host["ec2InstanceId"],
        registered_at=datetime.fromisoformat(host["registeredAt"].replace("Z", "+00:00")),
        running_tasks_count=host["runningTasksCount"],
        task_groups=host["taskGroups"],
    )


HOSTS = {name: subject(host) for name, host in CORPUS["hosts"].items()}


def expression(case: dict) -> str:
    return case["expression"].ljust(case.get("padTo", 0))


@pytest.mark.parametrize("case", CORPUS["cases"], ids=lambda case: case["expression"][:60])
def test_the_sandbox_agrees_with_the_corpus(case):
    text = expression(case)
    if case.get("invalid"):
        with pytest.raises(AwsError) as raised:
            compile_expression(text)
        assert raised.value.code == "InvalidParameterException"
        return
    predicate = compile_expression(text)
    matched = sorted(name for name, host in HOSTS.items() if predicate(host))
    assert matched == sorted(case["matches"])


def test_the_corpus_is_not_trivial():
    assert len(CORPUS["cases"]) > 50
    assert any(case.get("core") == "unknown" for case in CORPUS["cases"])
    assert any(case.get("invalid") for case in CORPUS["cases"])


def test_hostile_nesting_is_refused_not_a_crash():
    with pytest.raises(AwsError):
        compile_expression("(" * 990 + "attribute:a exists" + ")" * 990)
    with pytest.raises(AwsError):
        compile_expression(" and ".join(["attribute:a exists"] * 20_000))
