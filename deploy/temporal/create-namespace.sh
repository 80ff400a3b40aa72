#!/bin/sh
# Creates the namespace and the project's search attributes (keep in step with workflows/search-attributes.ts;
# test/deploy/compose.test.ts checks that they agree). The worker also adds any that are missing at start-up.
set -eu
NAMESPACE=${DEFAULT_NAMESPACE:-default}
# How long Temporal keeps a closed execution (the case store keeps the case). Set on purpose, also on an existing
# namespace, so a change of TEMPORAL_RETENTION takes effect at the next `docker compose up`.
RETENTION=${TEMPORAL_RETENTION:-30d}
until temporal operator cluster health --address "$TEMPORAL_ADDRESS"; do sleep 3; done
if temporal operator namespace describe -n "$NAMESPACE" --address "$TEMPORAL_ADDRESS"; then
  # A namespace created a moment ago may not be in the frontend's registry yet: try for up to half a minute.
  tries=0
  until temporal operator namespace update -n "$NAMESPACE" --retention "$RETENTION" --address "$TEMPORAL_ADDRESS"; do
    tries=$((tries + 1))
    [ "$tries" -lt 10 ] || exit 1
    sleep 3
  done
else
  temporal operator namespace create -n "$NAMESPACE" --retention "$RETENTION" --address "$TEMPORAL_ADDRESS"
fi
# A namespace created a moment ago is not in every service's registry yet: each attribute is tried until it is created or
# already there (for up to a minute).
for attribute in CaseKind=Keyword TargetUnit=Keyword CaseStage=Keyword CaseAwaiting=KeywordList CaseViewers=KeywordList CaseOverdue=Bool CaseDueAt=Datetime CaseRound=Keyword; do
  tries=0
  until out=$(temporal operator search-attribute create --namespace "$NAMESPACE" --address "$TEMPORAL_ADDRESS" \
    --name "${attribute%%=*}" --type "${attribute#*=}" 2>&1) || echo "$out" | grep -qi 'already'; do
    tries=$((tries + 1))
    [ "$tries" -lt 20 ] || { echo "$out"; exit 1; }
    sleep 3
  done
done
echo "Namespace '$NAMESPACE' and search attributes ready"
