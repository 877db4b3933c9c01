package dev.crawler.frontier.scheduling;

/**
 * The local state stores of one frontier task, typed.
 *
 * @param seen every admitted URL per crawl
 * @param queue the per-host queues
 * @param hosts the per-host scheduling state
 * @param leases the leases in flight
 * @param ready the index of hosts by the time they are due
 * @param counters this task's counters per crawl
 * @param pending candidates waiting for their crawl record
 * @param recrawls fetched URLs by the time they are due again
 */
record SchedulerStores(
    SeenUrls seen,
    HostQueue queue,
    HostStates hosts,
    HostLeases leases,
    ReadyHosts ready,
    TaskCounters counters,
    PendingUrls pending,
    RecrawlSchedule recrawls) {}
