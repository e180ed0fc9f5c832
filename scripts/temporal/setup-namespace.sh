#!/bin/sh
# docker compose one-shot `temporal-setup` (image temporalio/admin-tools): creates the service's
# namespace and registers the custom search attributes every ticket workflow keeps current
# (domain/search-attributes.ts; test/unit/docker-compose.test.ts keeps the two lists equal).
# Safe on every `docker compose up`: an existing namespace is kept, and registering an attribute
# that exists with the same type is a no-op.
set -eu
: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is required}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention="${TEMPORAL_NAMESPACE_RETENTION:-30d}"

# retry <what> <command...>: up to 30 times, 2 s apart. The server's port opens before its
# frontend serves, and a new namespace reaches the frontend's namespace cache seconds later.
retry() {
  what="$1"
  shift
  attempt=1
  out="$(mktemp)"
  until "$@" >"$out" 2>&1; do
    if [ "$attempt" -ge 30 ]; then
      echo "temporal-setup: $what failed:" >&2
      cat "$out" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
  rm -f "$out"
}

retry "Temporal at $TEMPORAL_ADDRESS healthy" temporal operator cluster health --address "$TEMPORAL_ADDRESS"

if temporal operator namespace describe --namespace "$namespace" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; then
  echo "temporal-setup: namespace $namespace exists"
else
  temporal operator namespace create --namespace "$namespace" --retention "$retention" --address "$TEMPORAL_ADDRESS"
fi

# One attribute per command: given several --name flags, the CLI registers only the first.
for attribute in TicketId:Keyword PartnerProgram:Keyword SupportLevel:Keyword SlaState:Keyword RequesterEmail:Keyword Starred:Bool; do
  retry "search attribute $attribute" temporal operator search-attribute create --namespace "$namespace" \
    --address "$TEMPORAL_ADDRESS" --name "${attribute%%:*}" --type "${attribute#*:}"
done
echo "temporal-setup: namespace $namespace and its search attributes are ready"
