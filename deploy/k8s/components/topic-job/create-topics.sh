#!/usr/bin/env bash
# Creates the crawl topics before the services start, for clusters where the services may not
# create topics themselves (no CREATE ACL, auto-creation off). Idempotent: existing topics are
# kept (their further configuration is set again), but a keyed topic whose partition count differs
# is an error, because crawl.urls, crawl.fetch and crawl.outcomes must share one partition count
# for politeness to hold.
#
# The table mirrors Topics.all(partitions, replicationFactor) in crawler-common, plus the frontier's
# progress topic (crawler.frontier.progress-topic); scripts/check-deploy fails when they drift apart. Kafka Streams creates the frontier's
# internal (changelog, repartition) topics itself.
#
# Runs in the apache/kafka image (docker-compose.yml, and the topic-job overlay of deploy/k8s).
# Environment: KAFKA_BOOTSTRAP_SERVERS, CRAWLER_KAFKA_PARTITIONS, CRAWLER_KAFKA_REPLICATIONFACTOR,
# and optionally CRAWLER_KAFKA_TOPICPREFIX (put before every topic name, as the services do) and
# KAFKA_CLIENT_CONFIG (a client properties file, e.g. for SASL/TLS).
set -euo pipefail

: "${KAFKA_BOOTSTRAP_SERVERS:?must name the Kafka bootstrap servers}"
: "${CRAWLER_KAFKA_PARTITIONS:?must be the partition count of the keyed topics}"
: "${CRAWLER_KAFKA_REPLICATIONFACTOR:?must be the replication factor of every topic}"
prefix="${CRAWLER_KAFKA_TOPICPREFIX:-}"
# The services' rule (KafkaNames in crawler-common): they refuse any other prefix at start-up.
if [ -n "$prefix" ] && ! [[ "$prefix" =~ ^[A-Za-z0-9._-]{0,63}[._-]$ ]]; then
  echo "error: CRAWLER_KAFKA_TOPICPREFIX='$prefix' must be at most 64 of A-Z a-z 0-9 . _ - and end with . - or _" >&2
  exit 1
fi
KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
READY_ATTEMPTS="${READY_ATTEMPTS:-60}"

# name, partitions ("keyed" = CRAWLER_KAFKA_PARTITIONS), cleanup.policy, further configuration
# (comma-separated key=value, or "-"). crawl.fetched carries page bodies of up to 11 MiB and
# crawl.documents page texts, both kept one day; crawl.dlq may carry a whole crawl.fetched record,
# kept 14 days; the other work topics keep 7 days.
TOPICS="
crawl.jobs      1      compact  -
crawl.urls      keyed  delete   retention.ms=604800000
crawl.fetch     keyed  delete   retention.ms=604800000
crawl.outcomes  keyed  delete   retention.ms=604800000
crawl.fetched   keyed  delete   retention.ms=86400000,max.message.bytes=16777216
crawl.documents keyed  delete   retention.ms=86400000
crawl.indexed   1      compact  -
crawl.dlq       1      delete   retention.ms=1209600000,max.message.bytes=16777216
crawl.frontier-progress 1 compact -
"
# Every topic: an acknowledged write is on 2 replicas from a replication factor of 3, else on all
# (Topics.minInSyncReplicas).
if [ "$CRAWLER_KAFKA_REPLICATIONFACTOR" -ge 3 ]; then min_insync=2; else min_insync=1; fi

client=(--bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS")
if [ -n "${KAFKA_CLIENT_CONFIG:-}" ]; then
  client+=(--command-config "$KAFKA_CLIENT_CONFIG")
fi

attempt=1
until "$KAFKA_HOME/bin/kafka-topics.sh" "${client[@]}" --list >/dev/null 2>&1; do
  if [ "$attempt" -ge "$READY_ATTEMPTS" ]; then
    echo "error: Kafka at $KAFKA_BOOTSTRAP_SERVERS did not answer after $attempt attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

failed=0
while read -r name partitions policy extra; do
  [ -n "$name" ] || continue
  name="$prefix$name"
  [ "$partitions" = keyed ] && partitions="$CRAWLER_KAFKA_PARTITIONS"
  [ "$extra" = - ] && extra="min.insync.replicas=$min_insync" || extra="$extra,min.insync.replicas=$min_insync"
  configs=(--config "cleanup.policy=$policy")
  IFS=, read -r -a pairs <<<"$extra"
  for pair in "${pairs[@]}"; do configs+=(--config "$pair"); done
  "$KAFKA_HOME/bin/kafka-topics.sh" "${client[@]}" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$CRAWLER_KAFKA_REPLICATIONFACTOR" \
    "${configs[@]}" >/dev/null
  # Also on a topic that existed before with other settings.
  "$KAFKA_HOME/bin/kafka-configs.sh" "${client[@]}" --alter --entity-type topics \
    --entity-name "$name" --add-config "$extra" >/dev/null
  actual=$("$KAFKA_HOME/bin/kafka-topics.sh" "${client[@]}" --describe --topic "$name" |
    sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n 1)
  if [ "$actual" != "$partitions" ]; then
    echo "error: topic=$name has partitions=$actual, expected=$partitions" >&2
    failed=1
  else
    echo "topic=$name partitions=$partitions replication-factor=$CRAWLER_KAFKA_REPLICATIONFACTOR cleanup.policy=$policy config=$extra"
  fi
done <<<"$TOPICS"
exit "$failed"
