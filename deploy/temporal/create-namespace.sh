#!/bin/sh
# Creates the namespace and the project's search attributes (keep in step with workflows/search-attributes.ts;
# test/deploy/compose.test.ts checks that they agree). The worker also adds any that are missing at start-up.
set -eu
NAMESPACE=${DEFAULT_NAMESPACE:-default}
until temporal operator cluster health --address "$TEMPORAL_ADDRESS"; do sleep 3; done
temporal operator namespace describe -n "$NAMESPACE" --address "$TEMPORAL_ADDRESS" ||
  temporal operator namespace create -n "$NAMESPACE" --retention 30d --address "$TEMPORAL_ADDRESS"
for attribute in CaseKind=Keyword TargetUnit=Keyword CaseStage=Keyword CaseAwaiting=KeywordList CaseViewers=KeywordList CaseOverdue=Bool CaseDueAt=Datetime CaseRound=Keyword; do
  temporal operator search-attribute create --namespace "$NAMESPACE" --address "$TEMPORAL_ADDRESS" \
    --name "${attribute%%=*}" --type "${attribute#*=}" || true
done
echo "Namespace '$NAMESPACE' and search attributes ready"
