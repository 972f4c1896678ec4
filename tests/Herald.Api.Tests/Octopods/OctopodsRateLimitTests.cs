using Herald.Testing;

namespace Herald.Api.Tests.Octopods;

/// <summary>A Herald whose Octopods API allows two requests per key per minute.</summary>
public abstract class TinyLimitHerald(StorageKind kind) : IAsyncLifetime
{
    public HeraldHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await HeraldHost.StartAsync(kind, new Dictionary<string, string?>
    {
        ["Herald:Octopods:PermitLimit"] = "2",
        ["Herald:Octopods:Window"] = "00:01:00",
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SqliteTinyLimitHerald() : TinyLimitHerald(StorageKind.Sqlite);

public sealed class PostgresTinyLimitHerald() : TinyLimitHerald(StorageKind.Postgres);

public abstract class OctopodsRateLimitTests(TinyLimitHerald herald)
{
    [Fact]
    public async Task Past_the_per_key_limit_requests_get_429_with_retry_after()
    {
        using var client = new HttpClient { BaseAddress = herald.Host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Octopods-Auth", HeraldHost.BootstrapKey);
        using var first = await client.GetAsync(new Uri("/api/v1/whatsapp/templates", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/api/v1/vbm/templates", UriKind.Relative));
        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal(200, (int)second.StatusCode);

        using var third = await client.GetAsync(new Uri("/api/v1/whatsapp/templates", UriKind.Relative));
        var reply = new Reply(third, await third.Content.ReadAsStringAsync());

        Assert.Equal(429, reply.Status);
        Assert.True(int.Parse(reply.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 60, reply.ToString());
        Assert.True(Guid.TryParse(reply.Str("request_id"), out _), reply.Text);

        // Another key has its own budget.
        using var other = new HttpClient { BaseAddress = herald.Host.BaseAddress };
        other.DefaultRequestHeaders.Add("X-Octopods-Auth", "hrld_another_key");
        using var unknown = await other.GetAsync(new Uri("/api/v1/whatsapp/templates", UriKind.Relative));
        Assert.Equal(401, (int)unknown.StatusCode);
    }
}

public sealed class SqliteOctopodsRateLimitTests(SqliteTinyLimitHerald herald) : OctopodsRateLimitTests(herald), IClassFixture<SqliteTinyLimitHerald>;

public sealed class PostgresOctopodsRateLimitTests(PostgresTinyLimitHerald herald) : OctopodsRateLimitTests(herald), IClassFixture<PostgresTinyLimitHerald>;
