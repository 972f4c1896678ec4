using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

public sealed partial class BroadcastStore
{
    private const string LedgerSelect = """
        SELECT r.seq, r.raw_phone, r.phone, r.state, r.sender_id, r.message_id, m.status,
               COALESCE(m.error_class, r.error_class) AS error_class, COALESCE(m.error_code, r.error_code) AS error_code,
               COALESCE(m.error_message, r.error_message) AS error_message, COALESCE(m.in_doubt, 0) AS in_doubt, r.tries,
               m.updated_at
        FROM broadcast_recipients r LEFT JOIN messages m ON m.id = r.message_id
        """;

    /// <summary>One page of the ledger in audience order after <paramref name="afterSeq"/>, optionally one status only.</summary>
    public async Task<IReadOnlyList<LedgerRow>> LedgerPageAsync(
        string broadcastId, long afterSeq, string? status, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var filter = status is null ? "" : "AND COALESCE(m.status, r.state) = @status";
        var rows = await c.QueryAsync<LedgerRow>(
            $"{LedgerSelect} WHERE r.broadcast_id = @broadcastId AND r.seq > @afterSeq {filter} ORDER BY r.seq LIMIT @limit",
            new { broadcastId, afterSeq, status, limit = (long)limit }).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>The whole ledger in audience order, streamed (for the CSV export).</summary>
    public async IAsyncEnumerable<LedgerRow> LedgerAsync(string broadcastId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = c.QueryUnbufferedAsync<LedgerRow>(
            $"{LedgerSelect} WHERE r.broadcast_id = @broadcastId ORDER BY r.seq", new { broadcastId });
        await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    /// <summary>Unique users a WhatsApp sender reached with business-initiated messages since <paramref name="since"/>.</summary>
    public static Task<long> ReachSinceAsync(DbConnection c, DbTransaction? tx, string senderId, long since) =>
        c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM messaging_reach WHERE sender_id = @senderId AND at > @since",
            new { senderId, since }, tx);

    /// <summary>When the oldest reach inside the window leaves it (the budget grows again then).</summary>
    public static Task<long?> OldestReachAsync(DbConnection c, DbTransaction? tx, string senderId, long since) =>
        c.ExecuteScalarAsync<long?>("SELECT MIN(at) FROM messaging_reach WHERE sender_id = @senderId AND at > @since",
            new { senderId, since }, tx);

    /// <summary>Users already reached within the window (they do not count again).</summary>
    public static async Task<HashSet<string>> ReachedAsync(
        DbConnection c, DbTransaction? tx, string senderId, long since, IReadOnlyCollection<string> phones)
    {
        if (phones.Count == 0)
        {
            return [];
        }
        var rows = await c.QueryAsync<string>(
            $"SELECT phone FROM messaging_reach WHERE sender_id = @senderId AND at > @since AND {Sql.In(c, "phone", "phones")}",
            new { senderId, since, phones = phones.ToArray() }, tx).ConfigureAwait(false);
        return rows.ToHashSet(StringComparer.Ordinal);
    }

    public static Task AddReachAsync(DbConnection c, DbTransaction tx, string senderId, IReadOnlyCollection<string> phones, long at) =>
        c.ExecuteAsync(
            """
            INSERT INTO messaging_reach (sender_id, phone, at) VALUES (@senderId, @phone, @at)
            ON CONFLICT (sender_id, phone) DO UPDATE SET at = excluded.at
            """, phones.Select(phone => new { senderId, phone, at }), tx);

    /// <summary>Advances the pacing cursor in the expansion's transaction.</summary>
    public static Task SetNextDueAsync(DbConnection c, DbTransaction tx, string id, long nextDue) =>
        c.ExecuteAsync("UPDATE broadcasts SET next_due = @nextDue WHERE id = @id", new { id, nextDue }, tx);

    /// <summary>
    /// The broadcast's state read inside the expansion's transaction (a pause committed meanwhile stops it). On
    /// PostgreSQL the row is locked first, the same order pause, resume and cancel take, so they never deadlock.
    /// </summary>
    public static Task<string?> StateAsync(DbConnection c, DbTransaction tx, string id) =>
        c.ExecuteScalarAsync<string?>(
            "SELECT state FROM broadcasts WHERE id = @id" + (c is Npgsql.NpgsqlConnection ? " FOR UPDATE" : ""), new { id }, tx);
}
