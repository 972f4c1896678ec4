namespace Herald.Bench.Suite;

/// <summary>
/// The explanation written under the table of docs/benchmarks.md when a target is missed: written by hand after
/// measuring on the 2-core development VM (it describes what was found there over several runs, not one run).
/// </summary>
internal static class WhyMissed
{
    public const string Text = """
        Measured on the 2-core development VM over several runs (three complete ones with 1,000,000 recipients, others with
        200,000), while other builds and test runs shared the machine (load average 2–9); the "cores used" figures in the
        details above say where the CPU went in each stage.

        - **Drain (2,800–4,300 msg/s over the runs, 13–24 % of the bare loop; targets 15,000 msg/s and 50 %).**
          Herald kept about one of the 2 cores busy and the simulator about 0.15, while the simulator alone takes
          14,500–28,000 sends/s from the bare loop. The limit is SQLite's single writer: per batch of 256 a worker commits
          its claim (outbox lease, `sending` status and timeline step), marks the batch started just before the requests go
          out (so that a crash before that resends instead of flagging in doubt), and commits the outcomes (status, provider
          id, timeline step); the broadcast's expansion writes the next recipients' messages, timeline and queue entries
          through the same writer. That is about ten row writes and a dozen index updates per message, on one thread, each
          commit an fsync (synchronous=FULL). More workers and bigger batches (`--herald Herald__Dispatcher__Workers=4
          --herald Herald__Dispatcher__BatchSize=1024`) did not help (3,600 msg/s), nor did a 32 MiB page cache
          (4,200 vs 4,300 msg/s at 200,000). What would: fewer rows per handed-over message (the timeline steps of a
          broadcast message written once, not per step), the outcome of one batch committed with the next claim, and the
          expansion's message rows written without the per-row index churn of later status changes.
        - **Transactional during the drain (p50 65–125 ms, p99 0.4–1.1 s; target p99 250 ms).** The transactional send
          has its own lane and a worker of its own, so it never waits for broadcast messages to be sent; but its accept,
          claim and outcome commits queue behind the broadcast's batch transactions on the same single writer. The tail is
          that queue. The fix is the same as for the drain: fewer, shorter write transactions on the bulk path.
        - **Status webhooks (4,200/s after webhook group commit, 1,200/s before; target 20,000/s).** Webhooks arriving
          together now share one transaction. What remains per callback: the HMAC check over the URL and the sorted form,
          the raw event and its dedupe keys in provider_events (two unique-index inserts), the message lookup, its status
          and timeline step; Herald used about 1.1 cores. Next levers: one lookup and one status statement per batch
          instead of per webhook, and a cheaper dedupe key.
        - **CSV import (about 100,000 rows/s on a quieter machine, 67,000–80,000 when busy; target 200,000).** Reading and
          validating alone runs at about 300,000 rows/s (phone validation in parallel on both cores); the writer adds about
          10 µs per row: the contacts table has three indexes besides its rows (id, workspace+phone, workspace+id), each row
          an upsert that merges attributes. Memory stays flat: the file is streamed, and Herald's peak resident set over the
          whole run stays under the 600 MB target.
        - **API ratio (18–34 % in the `all` runs; target 40 %).** The same command measured 36–39 % with the dispatcher on
          and 48 % without it on a quiet machine (bench/README.md). In the `all` runs it comes last, after the 1,000,000-row
          database is built, with the machine busy; run `api` alone on a quiet machine for that figure.
        """;
}
