#!/usr/bin/env bash
# Stand-in for ecs-anywhere-install.sh (aws/amazon-ecs-agent, scripts/), served by the local sandbox.
# It takes the real script's flags and refuses what the real one refuses, but instead of installing
# Docker, the SSM agent and ecs-init it asks the sandbox to register this host (SSM managed instance +
# ECS external container instance). Settings are read, never written, from ECS_CONFIG_FILE
# (default /etc/ecs/ecs.config); the OS comes from OS_RELEASE_FILE (default /etc/os-release).
set -euo pipefail

SANDBOX_URL="${ANYWHERE_SANDBOX_URL:-@SANDBOX_URL@}"
REGION=""
ACTIVATION_ID=""
ACTIVATION_CODE=""
CLUSTER="default"
DOCKER_SOURCE="all"
ECS_VERSION="latest"
IP_COMPATIBILITY="ipv4"
SKIP_REGISTRATION=false

fail() {
    echo "ERROR: $*" >&2
    exit 1
}

usage() {
    cat >&2 <<'USAGE'
Usage: ecs-anywhere-install.sh --region REGION [--cluster CLUSTER]
         (--activation-id ID --activation-code CODE | --skip-registration)
         [--enable-gpu] [--docker-install-source all|docker|distro|none] [--ecs-version VERSION]
         [--ecs-endpoint URL] [--no-start] [--certs-file FILE] [--ip-compatibility ipv4|ipv6]
         [--deb-url URL] [--rpm-url URL]
USAGE
}

value_of() {
    # The real script refuses a missing value and a value that is itself a flag.
    if [ -z "${2:-}" ] || [[ "${2}" == --* ]]; then
        usage
        fail "$1 requires a value, got '${2:-}'"
    fi
    printf '%s' "$2"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --region) REGION="$(value_of "$1" "${2:-}")"; shift 2 ;;
        --cluster) CLUSTER="$(value_of "$1" "${2:-}")"; shift 2 ;;
        --activation-id) ACTIVATION_ID="$(value_of "$1" "${2:-}")"; shift 2 ;;
        --activation-code) ACTIVATION_CODE="$(value_of "$1" "${2:-}")"; shift 2 ;;
        --docker-install-source) DOCKER_SOURCE="$(value_of "$1" "${2:-}")"; shift 2 ;;
        --ecs-version) ECS_VERSION="$(value_of "$1" "${2:-}")"; shift 2 ;;
        --ecs-endpoint|--certs-file|--deb-url|--rpm-url) value_of "$1" "${2:-}" >/dev/null; shift 2 ;;
        --ip-compatibility) IP_COMPATIBILITY="$(value_of "$1" "${2:-}")"; shift 2 ;;
        --enable-gpu|--no-start) shift ;;
        --skip-registration) SKIP_REGISTRATION=true; shift ;;
        --help|-h) usage; exit 0 ;;
        *) usage; fail "unknown option $1" ;;
    esac
done

[ -n "$REGION" ] || { usage; fail "--region is required"; }
if [ "$SKIP_REGISTRATION" = false ] && { [ -z "$ACTIVATION_ID" ] || [ -z "$ACTIVATION_CODE" ]; }; then
    usage
    fail "--activation-id and --activation-code are required unless --skip-registration is given"
fi
case "$DOCKER_SOURCE" in
    all|docker|distro|none) ;;
    *) fail "--docker-install-source must be one of all, docker, distro, none (got '$DOCKER_SOURCE')" ;;
esac
case "$IP_COMPATIBILITY" in
    ipv4|ipv6) ;;
    *) fail "--ip-compatibility must be ipv4 or ipv6 (got '$IP_COMPATIBILITY')" ;;
esac

ARCH="$(uname -m)"
case "$ARCH" in
    x86_64|amd64) ARCH="x86_64" ;;
    aarch64|arm64) ARCH="arm64" ;;
    *) fail "unsupported architecture $ARCH: ECS Anywhere supports x86_64 and aarch64" ;;
esac

OS_RELEASE="${OS_RELEASE_FILE:-/etc/os-release}"
OS_ID="linux"
OS_VERSION=""
if [ -r "$OS_RELEASE" ]; then
    OS_ID="$(. "$OS_RELEASE" && printf '%s' "${ID:-linux}")"
    OS_VERSION="$(. "$OS_RELEASE" && printf '%s' "${VERSION_ID:-}")"
fi
if [ "$OS_ID" = "rhel" ] && [ "$DOCKER_SOURCE" != "none" ]; then
    fail "on RHEL, install Docker first and pass --docker-install-source none"
fi

echo "# ecs-anywhere-install (sandbox stand-in): region=$REGION cluster=$CLUSTER ecs-version=$ECS_VERSION"
if [ "$SKIP_REGISTRATION" = true ]; then
    echo "# --skip-registration: not registering with SSM or ECS"
    exit 0
fi

CONFIG_FILE="${ECS_CONFIG_FILE:-/etc/ecs/ecs.config}"
setting() {
    [ -r "$CONFIG_FILE" ] || return 0
    local line
    line="$(grep -E "^$1=" "$CONFIG_FILE" | tail -n 1 || true)"
    line="${line#*=}"
    line="${line#\'}"
    line="${line%\'}"
    printf '%s' "$line"
}

json_string() {
    local text="$1"
    text="${text//\\/\\\\}"
    text="${text//\"/\\\"}"
    text="${text//$'\t'/\\t}"
    text="${text//$'\n'/\\n}"
    printf '"%s"' "$text"
}

HOST_NAME="$(hostname)"
IP_ADDRESS="$(hostname -I 2>/dev/null | awk '{print $1}' || true)"
BODY="{\"activationId\":$(json_string "$ACTIVATION_ID"),\"activationCode\":$(json_string "$ACTIVATION_CODE"),\
\"region\":$(json_string "$REGION"),\"cluster\":$(json_string "$CLUSTER"),\
\"hostname\":$(json_string "$HOST_NAME"),\"ipAddress\":$(json_string "${IP_ADDRESS:-127.0.0.1}"),\
\"os\":$(json_string "$OS_ID"),\"osVersion\":$(json_string "$OS_VERSION"),\"arch\":$(json_string "$ARCH"),\
\"attributesJson\":$(json_string "$(setting ECS_INSTANCE_ATTRIBUTES)"),\
\"tagsJson\":$(json_string "$(setting ECS_CONTAINER_INSTANCE_TAGS)")}"

RESPONSE_FILE="$(mktemp)"
trap 'rm -f "$RESPONSE_FILE"' EXIT
STATUS="$(curl -sS -o "$RESPONSE_FILE" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data-binary "$BODY" "$SANDBOX_URL/_sandbox/register-host")"
if [ "$STATUS" != "200" ]; then
    fail "registration failed: $(cat "$RESPONSE_FILE")"
fi
echo "# registered: $(cat "$RESPONSE_FILE")"
echo "# ok"
