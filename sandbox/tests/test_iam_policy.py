"""The front's IAM policy evaluation, case by case from the IAM User Guide (no sandbox needed)."""

import json

import pytest
from moto.iam.access_control import IAMPolicy, PermissionResult

from anywhere_sandbox.iam_policy import Decision, PolicyError, Request, evaluate

CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/retail-stores"
OTHER = "arn:aws:ecs:us-east-1:123456789012:cluster/edge-factory"


def policy(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(**fields) -> dict:
    return {"Effect": "Allow", **fields}


def deny(**fields) -> dict:
    return {"Effect": "Deny", **fields}


def decide(statements: list[dict], action: str, resource: str = "*", **context) -> Decision:
    return evaluate([policy(*statements)], Request(action, resource, context))


def test_nothing_allowed_is_an_implicit_deny_and_an_explicit_deny_wins_over_any_allow():
    assert decide([], "ecs:ListClusters") == Decision.IMPLICIT_DENY
    everything = allow(Action="*", Resource="*")
    assert decide([everything], "ecs:ListClusters") == Decision.ALLOW
    no_deregistering = deny(Action="ecs:Deregister*", Resource="*")
    assert decide([everything, no_deregistering], "ecs:DeregisterContainerInstance", CLUSTER) == (
        Decision.EXPLICIT_DENY
    )
    # Across policies too: the deny sits in another document.
    assert evaluate([policy(everything), policy(no_deregistering)],
                    Request("ecs:DeregisterContainerInstance", CLUSTER)) == Decision.EXPLICIT_DENY


def test_actions_match_without_case_and_with_wildcards():
    statement = allow(Action=["ecs:List*", "ssm:describe?ctivations"], Resource="*")
    assert decide([statement], "ECS:ListContainerInstances") == Decision.ALLOW
    assert decide([statement], "ssm:DescribeActivations") == Decision.ALLOW
    assert decide([statement], "ecs:DescribeClusters") == Decision.IMPLICIT_DENY
    not_ssm = allow(NotAction="ssm:*", Resource="*")
    assert decide([not_ssm], "ecs:ListClusters") == Decision.ALLOW
    assert decide([not_ssm], "ssm:DescribeActivations") == Decision.IMPLICIT_DENY


def test_resources_match_with_case_and_a_scoped_statement_never_grants_an_unscoped_action():
    statement = allow(Action="ecs:*", Resource="arn:aws:ecs:*:123456789012:cluster/retail-*")
    assert decide([statement], "ecs:ListContainerInstances", CLUSTER) == Decision.ALLOW
    assert decide([statement], "ecs:ListContainerInstances", OTHER) == Decision.IMPLICIT_DENY
    assert decide([statement], "ecs:ListContainerInstances", CLUSTER.upper()) == Decision.IMPLICIT_DENY
    # ListClusters has no resource-level permission: it is requested on "*".
    assert decide([statement], "ecs:ListClusters", "*") == Decision.IMPLICIT_DENY
    all_but = allow(Action="ecs:*", NotResource=OTHER)
    assert decide([all_but], "ecs:ListContainerInstances", CLUSTER) == Decision.ALLOW
    assert decide([all_but], "ecs:ListContainerInstances", OTHER) == Decision.IMPLICIT_DENY


def test_a_missing_key_fails_positive_operators_and_passes_negated_ones():
    tagged = allow(Action="ssm:CreateActivation", Resource="*",
                   Condition={"StringEquals": {"aws:RequestTag/ecs-anywhere:cluster": "retail-stores"}})
    assert decide([tagged], "ssm:CreateActivation") == Decision.IMPLICIT_DENY
    assert decide([tagged], "ssm:CreateActivation", **{"aws:RequestTag/ecs-anywhere:cluster": "retail-stores"}) == (
        Decision.ALLOW
    )
    assert decide([tagged], "ssm:CreateActivation", **{"aws:requesttag/ECS-ANYWHERE:CLUSTER": "retail-stores"}) == (
        Decision.ALLOW
    ), "condition key names are not case-sensitive"
    assert decide([tagged], "ssm:CreateActivation", **{"aws:RequestTag/ecs-anywhere:cluster": "lab"}) == (
        Decision.IMPLICIT_DENY
    )
    not_lab = allow(Action="ssm:CreateActivation", Resource="*",
                    Condition={"StringNotEquals": {"aws:RequestTag/ecs-anywhere:cluster": ["lab", "edge-factory"]}})
    assert decide([not_lab], "ssm:CreateActivation") == Decision.ALLOW
    assert decide([not_lab], "ssm:CreateActivation", **{"aws:RequestTag/ecs-anywhere:cluster": "edge-factory"}) == (
        Decision.IMPLICIT_DENY
    ), "negated operators with several values are a NOR"


def test_if_exists_and_null():
    if_exists = allow(Action="ecs:*", Resource="*", Condition={"ArnEqualsIfExists": {"ecs:cluster": CLUSTER}})
    assert decide([if_exists], "ecs:ListServices") == Decision.ALLOW
    assert decide([if_exists], "ecs:ListServices", **{"ecs:cluster": OTHER}) == Decision.IMPLICIT_DENY
    must_tag = deny(Action="ssm:CreateActivation", Resource="*",
                    Condition={"Null": {"aws:RequestTag/ecs-anywhere:cluster": "true"}})
    everything = allow(Action="*", Resource="*")
    assert decide([everything, must_tag], "ssm:CreateActivation") == Decision.EXPLICIT_DENY
    assert decide([everything, must_tag], "ssm:CreateActivation", **{"aws:RequestTag/ecs-anywhere:cluster": "x"}) == (
        Decision.ALLOW
    )


def test_set_qualifiers_on_multivalued_keys():
    only_cluster_tag = allow(Action="ssm:CreateActivation", Resource="*",
                             Condition={"ForAllValues:StringEquals": {"aws:TagKeys": ["ecs-anywhere:cluster", "owner"]}})
    assert decide([only_cluster_tag], "ssm:CreateActivation", **{"aws:TagKeys": ["owner"]}) == Decision.ALLOW
    assert decide([only_cluster_tag], "ssm:CreateActivation", **{"aws:TagKeys": ["owner", "cost"]}) == (
        Decision.IMPLICIT_DENY
    )
    assert decide([only_cluster_tag], "ssm:CreateActivation") == Decision.ALLOW, (
        "ForAllValues holds vacuously for a missing key"
    )
    some_tag = allow(Action="ssm:CreateActivation", Resource="*",
                     Condition={"ForAnyValue:StringLike": {"aws:TagKeys": "ecs-anywhere:*"}})
    assert decide([some_tag], "ssm:CreateActivation", **{"aws:TagKeys": ["a", "ecs-anywhere:cluster"]}) == (
        Decision.ALLOW
    )
    assert decide([some_tag], "ssm:CreateActivation") == Decision.IMPLICIT_DENY
    trust_amr = allow(Action="ecs:*", Resource="*",
                      Condition={"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}})
    assert decide([trust_amr], "ecs:ListClusters", **{"cognito-identity.amazonaws.com:amr": ["unauthenticated"]}) == (
        Decision.IMPLICIT_DENY
    )


def test_arn_bool_numeric_date_and_ip_operators():
    arn_like = allow(Action="ecs:DescribeContainerInstances", Resource="*",
                     Condition={"ArnLike": {"ecs:cluster": "arn:aws:ecs:*:123456789012:cluster/retail-*"}})
    assert decide([arn_like], "ecs:DescribeContainerInstances", **{"ecs:cluster": CLUSTER}) == Decision.ALLOW
    assert decide([arn_like], "ecs:DescribeContainerInstances", **{"ecs:cluster": OTHER}) == Decision.IMPLICIT_DENY
    assert decide([arn_like], "ecs:DescribeContainerInstances", **{"ecs:cluster": "not-an-arn"}) == (
        Decision.IMPLICIT_DENY
    )
    secure = allow(Action="*", Resource="*", Condition={"Bool": {"aws:SecureTransport": True}})
    assert decide([secure], "ecs:ListClusters", **{"aws:SecureTransport": "true"}) == Decision.ALLOW
    assert decide([secure], "ecs:ListClusters", **{"aws:SecureTransport": "false"}) == Decision.IMPLICIT_DENY
    before = allow(Action="*", Resource="*", Condition={
        "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"},
        "NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"},
        "IpAddress": {"aws:SourceIp": "10.0.0.0/8"},
    })
    context = {"aws:CurrentTime": "2026-01-01T00:00:00Z", "aws:MultiFactorAuthAge": "60", "aws:SourceIp": "10.1.2.3"}
    assert decide([before], "ecs:ListClusters", **context) == Decision.ALLOW
    assert decide([before], "ecs:ListClusters", **{**context, "aws:SourceIp": "192.168.0.1"}) == Decision.IMPLICIT_DENY


def test_policy_variables_come_from_the_request():
    own = allow(Action="ecs:*", Resource="arn:aws:ecs:us-east-1:123456789012:cluster/${aws:username}")
    arn = "arn:aws:ecs:us-east-1:123456789012:cluster/alice"
    assert decide([own], "ecs:DescribeClusters", arn, **{"aws:username": "alice"}) == Decision.ALLOW
    assert decide([own], "ecs:DescribeClusters", arn, **{"aws:username": "bob"}) == Decision.IMPLICIT_DENY
    assert decide([own], "ecs:DescribeClusters", arn) == Decision.IMPLICIT_DENY


def test_trust_policies_match_the_principal_and_need_no_resource():
    trust = policy(allow(
        Principal={"Federated": "cognito-identity.amazonaws.com"}, Action="sts:AssumeRoleWithWebIdentity",
        Condition={"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:pool"}},
    ))
    cognito = ("Federated", "cognito-identity.amazonaws.com")
    request = Request("sts:AssumeRoleWithWebIdentity", "arn:aws:iam::123456789012:role/r",
                      {"cognito-identity.amazonaws.com:aud": "us-east-1:pool"}, cognito)
    assert evaluate([trust], request) == Decision.ALLOW
    stranger = Request(request.action, request.resource, request.context, ("Federated", "accounts.google.com"))
    assert evaluate([trust], stranger) == Decision.IMPLICIT_DENY
    with pytest.raises(PolicyError):
        evaluate([policy(allow(Action="ecs:*"))], Request("ecs:ListClusters", "*"))


def test_moto_alone_would_judge_a_scoped_policy_wrongly():
    """Why the front evaluates: moto checks actions against Resource "*" and treats an unmet condition of
    an Allow as a Deny, so it refuses a correctly scoped grant and cannot see a missing request tag."""
    scoped = policy(allow(Action="ecs:ListContainerInstances", Resource=CLUSTER))
    assert IAMPolicy(scoped).is_action_permitted("ecs:ListContainerInstances") != PermissionResult.PERMITTED
    assert evaluate([scoped], Request("ecs:ListContainerInstances", CLUSTER)) == Decision.ALLOW
