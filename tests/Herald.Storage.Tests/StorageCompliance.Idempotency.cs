using Herald.Storage.Rows;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    private const long Day = 86_400_000;

    [Fact]
    public async Task Beginning_a_new_key_claims_it_and_a_second_begin_returns_the_holder()
    {
        Assert.Null(await Idempotency.TryBeginAsync(Key("key-1", "hash-a")));

        var holder = await Idempotency.TryBeginAsync(Key("key-1", "hash-b", at: T0 + 5));

        Assert.NotNull(holder);
        Assert.Equal(("in_flight", "hash-a", T0, T0 + Day), (holder.State, holder.RequestHash, holder.CreatedAt, holder.ExpiresAt));
        Assert.Null(holder.StatusCode);
    }

    [Fact]
    public async Task A_completed_key_replays_its_response()
    {
        await Idempotency.TryBeginAsync(Key("key-1", "hash-a"));

        await Idempotency.CompleteAsync(WorkspaceA, "key-1", 201, """{"id":"msg_1"}""");
        var replay = await Idempotency.TryBeginAsync(Key("key-1", "hash-a", at: T0 + 60_000));

        Assert.NotNull(replay);
        Assert.Equal(("completed", 201L, """{"id":"msg_1"}"""), (replay.State, replay.StatusCode, replay.ResponseBody));
    }

    [Fact]
    public async Task Abandoning_an_in_flight_key_frees_it_but_a_completed_key_stays()
    {
        await Idempotency.TryBeginAsync(Key("failed-request", "hash-a"));
        await Idempotency.TryBeginAsync(Key("done-request", "hash-a"));
        await Idempotency.CompleteAsync(WorkspaceA, "done-request", 201, "{}");

        await Idempotency.AbandonAsync(WorkspaceA, "failed-request");
        await Idempotency.AbandonAsync(WorkspaceA, "done-request");

        Assert.Null(await Idempotency.TryBeginAsync(Key("failed-request", "hash-a")));
        Assert.Equal("completed", (await Idempotency.TryBeginAsync(Key("done-request", "hash-a")))?.State);
    }

    [Fact]
    public async Task An_expired_key_can_be_used_again()
    {
        await Idempotency.TryBeginAsync(Key("key-1", "hash-a"));
        await Idempotency.CompleteAsync(WorkspaceA, "key-1", 201, "{}");

        Assert.NotNull(await Idempotency.TryBeginAsync(Key("key-1", "hash-b", at: T0 + Day - 1)));
        Assert.Null(await Idempotency.TryBeginAsync(Key("key-1", "hash-b", at: T0 + Day)));

        var holder = await Idempotency.TryBeginAsync(Key("key-1", "hash-c", at: T0 + Day + 1));
        Assert.Equal(("in_flight", "hash-b", T0 + Day), (holder?.State, holder?.RequestHash, holder?.CreatedAt));
    }

    [Fact]
    public async Task The_same_key_in_another_workspace_is_a_different_key()
    {
        await Idempotency.TryBeginAsync(Key("key-1", "hash-a"));

        Assert.Null(await Idempotency.TryBeginAsync(Key("key-1", "hash-a", workspace: WorkspaceB)));
        await Idempotency.AbandonAsync(WorkspaceB, "key-1");
        Assert.NotNull(await Idempotency.TryBeginAsync(Key("key-1", "hash-a")));
    }

    [Fact]
    public async Task Concurrent_begins_of_one_key_let_exactly_one_request_run()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Idempotency.TryBeginAsync(Key("race", "hash-a", at: T0 + i)))));

        Assert.Single(results, r => r is null);
        Assert.All(results.Where(r => r is not null), r => Assert.Equal("in_flight", r!.State));
    }

    [Fact]
    public async Task Purging_removes_only_expired_keys()
    {
        await Idempotency.TryBeginAsync(Key("old", "hash-a"));
        await Idempotency.TryBeginAsync(Key("new", "hash-a", at: T0 + Day));

        Assert.Equal(1, await Idempotency.PurgeExpiredAsync(T0 + Day));

        Assert.NotNull(await Idempotency.TryBeginAsync(Key("new", "hash-a", at: T0 + Day)));
    }

    private static IdempotencyRow Key(string key, string hash, long at = T0, string workspace = WorkspaceA) => new()
    {
        WorkspaceId = workspace, Key = key, RequestHash = hash, State = "in_flight", CreatedAt = at, ExpiresAt = at + Day,
    };
}
