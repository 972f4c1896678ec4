using Dapper;
using Herald.Domain;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Herald.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Herald.Storage.Tests;

/// <summary>
/// Every storage and queue test, run once per engine against a real database (SQLite file, PostgreSQL server).
/// Each test gets a fresh, migrated database of its own, so claims see only the rows the test wrote.
/// </summary>
public abstract partial class StorageCompliance : IAsyncLifetime
{
    /// <summary>2026-01-01T00:00:00Z: every test works in Unix milliseconds from here, never from the wall clock.</summary>
    protected const long T0 = 1_767_225_600_000;

    protected const string WorkspaceA = "ws_a";
    protected const string WorkspaceB = "ws_b";
    protected const string Sender = "snd_sms";

    private readonly List<(Database Db, IReadOnlyDictionary<string, string?> Settings)> _databases = [];
    private long _clock = T0;

    protected abstract StorageKind Kind { get; }

    protected Database Db { get; private set; } = null!;

    protected MessageStore Messages { get; private set; } = null!;

    protected QueueStore Queue { get; private set; } = null!;

    protected StateStore State { get; private set; } = null!;

    protected TemplateStore Templates { get; private set; } = null!;

    protected ContactStore Contacts { get; private set; } = null!;

    protected IdempotencyStore Idempotency { get; private set; } = null!;

    protected SandboxStore Sandbox { get; private set; } = null!;

    protected WorkspaceStore Workspaces { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sql.Configure();
        Db = await CreateDatabaseAsync();
        await NewMigrator(Db).MigrateAsync();
        Messages = new MessageStore(Db);
        Queue = new QueueStore(Db);
        State = new StateStore(Db);
        Templates = new TemplateStore(Db);
        Contacts = new ContactStore(Db);
        Idempotency = new IdempotencyStore(Db);
        Sandbox = new SandboxStore(Db);
        Workspaces = new WorkspaceStore(Db);
    }

    /// <summary>Drops every database the test made, so a run leaves neither files nor databases behind.</summary>
    public async Task DisposeAsync()
    {
        foreach (var (db, settings) in _databases)
        {
            db.Dispose();
            if (settings.GetValueOrDefault("Storage:DataDirectory") is { } dir)
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(dir, recursive: true);
            }
            else if (settings.GetValueOrDefault("Storage:ConnectionString") is { } cs)
            {
                var name = new NpgsqlConnectionStringBuilder(cs).Database;
                await using var admin = new NpgsqlConnection((await PostgresServer.InstanceAsync()).AdminConnectionString);
                await admin.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
        }
    }

    /// <summary>A fresh, empty (not migrated) database of this engine, disposed with the test.</summary>
    protected async Task<Database> CreateDatabaseAsync()
    {
        var settings = await TestStorage.CreateAsync(Kind);
        var options = new StorageOptions
        {
            Provider = settings["Storage:Provider"]!,
            ConnectionString = settings.GetValueOrDefault("Storage:ConnectionString"),
        };
        if (settings.GetValueOrDefault("Storage:DataDirectory") is { } dir)
        {
            options.DataDirectory = dir;
        }
        if (settings.GetValueOrDefault("Storage:SqliteSynchronous") is { } synchronous)
        {
            options.SqliteSynchronous = synchronous;
        }
        var db = new Database(Options.Create(options));
        _databases.Add((db, settings));
        return db;
    }

    protected static Migrator NewMigrator(Database db) => new(db, TimeProvider.System, NullLogger<Migrator>.Instance);

    /// <summary>A message as the send pipeline would store it; ids sort by <paramref name="createdAt"/>.</summary>
    protected MessageRow NewMessage(
        string status = "queued", string workspace = WorkspaceA, string channel = "sms", string phone = "+14155550100",
        string purpose = "transactional", string direction = "outbound", string sender = Sender, long? createdAt = null)
    {
        var at = createdAt ?? _clock++;
        return new MessageRow
        {
            Id = HeraldId.New("msg", DateTimeOffset.FromUnixTimeMilliseconds(at)),
            WorkspaceId = workspace, Direction = direction, Channel = channel, SenderId = sender, Phone = phone,
            Purpose = purpose, Kind = "text", Body = "Your order has shipped.", Status = status,
            ExpiresAt = at + 36_000_000, CreatedAt = at, UpdatedAt = at,
        };
    }

    /// <summary>Stores messages with their queue entries and first timeline steps in one transaction, as intake does.</summary>
    protected async Task<IReadOnlyList<MessageRow>> EnqueueAsync(
        int count, int lane = QueueStore.TransactionalLane, long dueAt = T0, string status = "queued", string workspace = WorkspaceA)
    {
        var rows = Enumerable.Range(0, count)
            .Select(_ => NewMessage(status, workspace, purpose: lane == QueueStore.TransactionalLane ? "transactional" : "marketing"))
            .ToList();
        await WriteAsync(rows, lane, dueAt);
        return rows;
    }

    protected async Task<MessageRow> EnqueueOneAsync(
        string status = "queued", int lane = QueueStore.TransactionalLane, long dueAt = T0, string workspace = WorkspaceA) =>
        (await EnqueueAsync(1, lane, dueAt, status, workspace))[0];

    protected async Task WriteAsync(IReadOnlyList<MessageRow> rows, int lane = QueueStore.TransactionalLane, long dueAt = T0)
    {
        await using var c = await Db.OpenAsync();
        await using var tx = await Db.BeginWriteAsync(c);
        await MessageStore.InsertAsync(c, tx, rows);
        await MessageStore.InsertOutboxAsync(c, tx, rows.Select(m => new OutboxRow(m.Id, m.SenderId, lane, dueAt)).ToList());
        await MessageStore.InsertEventsAsync(c, tx, rows.SelectMany(m => new[]
        {
            new EventRow(m.Id, "accepted", m.CreatedAt, null), new EventRow(m.Id, m.Status, m.CreatedAt, null),
        }).ToList());
        await tx.CommitAsync();
    }

    /// <summary>Claims as one dispatcher worker would: a lease of 30 s from <paramref name="now"/>.</summary>
    protected Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(
        int total, long now = T0, string owner = "worker-1", double share = 0.8, long lease = 30_000) =>
        Queue.ClaimAsync(owner, now, now + lease, total, share);

    protected async Task<MessageRow> MessageAsync(string id, string workspace = WorkspaceA) =>
        await Messages.GetAsync(workspace, id) ?? throw new InvalidOperationException($"message {id} is missing");

    protected async Task<QueueEntry?> OutboxAsync(string messageId)
    {
        await using var c = await Db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<QueueEntry>(
            "SELECT message_id, sender_id, lane, due_at, lease_owner, lease_until, attempts FROM outbox WHERE message_id = @messageId",
            new { messageId });
    }

    protected async Task<IReadOnlyList<string>> TimelineAsync(string messageId) =>
        (await Messages.GetEventsAsync(messageId)).Select(e => e.Type).ToList();

    protected async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var c = await Db.OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    protected static string[] Ids(IEnumerable<ClaimedMessage> claimed) => claimed.Select(c => c.Message.Id).Order(StringComparer.Ordinal).ToArray();

    protected static string[] Ids(IEnumerable<MessageRow> rows) => rows.Select(m => m.Id).Order(StringComparer.Ordinal).ToArray();

    /// <summary>One outbox row as stored.</summary>
    protected sealed class QueueEntry
    {
        public string MessageId { get; set; } = "";
        public string SenderId { get; set; } = "";
        public long Lane { get; set; }
        public long DueAt { get; set; }
        public string? LeaseOwner { get; set; }
        public long? LeaseUntil { get; set; }
        public long Attempts { get; set; }
    }
}
