using System.Data.Common;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Engine.Sandbox;
using Herald.Engine.Sending;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Herald.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Api.Tests;

/// <summary>One real Herald (Kestrel on loopback, a real database of the given engine) shared by a test class.</summary>
public abstract class HeraldFixture(StorageKind kind, IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private int _phones;
    private HeraldHost? _host;

    public StorageKind Kind => kind;

    public HeraldHost Host => _host ?? throw new InvalidOperationException("the Herald host has not started");

    /// <summary>The workspace of the bootstrap admin key.</summary>
    public string WorkspaceId { get; private set; } = "";

    public TimeProvider Clock => Host.Services.GetRequiredService<TimeProvider>();

    public async Task InitializeAsync()
    {
        _host = await HeraldHost.StartAsync(kind, settings);
        using var ping = await _host.Client.GetFromJsonAsync<JsonDocument>("/v1/ping");
        WorkspaceId = ping!.RootElement.GetProperty("workspace").GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>A phone number no other test of this class uses (Ofcom's fictional range, which Herald accepts).</summary>
    public string NewPhone()
    {
        var n = Interlocked.Increment(ref _phones);
        Assert.True(n < 1000, "the fictional number range is exhausted");
        return "+447700900" + n.ToString("D3", CultureInfo.InvariantCulture);
    }

    /// <summary>Rows in the tables that only requests write, to prove a refused request left nothing behind.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountRowsAsync()
    {
        string[] tables = ["workspaces", "api_keys", "senders", "contacts", "consents", "conversations", "templates", "template_statuses", "messages"];
        var db = Host.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in tables)
        {
            await using DbCommand cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM {t}";
            counts[t] = Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        return counts;
    }

    /// <summary>A second tenant with its own sandbox senders and an admin key, created the way first start creates one.</summary>
    public async Task<(string WorkspaceId, string Key)> CreateWorkspaceAsync(string name)
    {
        var now = Clock.GetUtcNow();
        var id = HeraldId.New("ws", now);
        var token = ApiKeyToken.Generate();
        var senders = new[] { ("sms", "+15005550007"), ("whatsapp", "+15005550007"), ("viber", "OtherSandbox") }.Select(x => new SenderRow
        {
            Id = HeraldId.New("snd", now), WorkspaceId = id, Channel = x.Item1, Provider = SandboxSender.Name, Name = $"{name} {x.Item1}",
            Address = x.Item2, IsDefault = 1, RatePerSecond = 1000, PerSegment = x.Item1 == "sms" ? 1 : 0, CreatedAt = now.ToUnixTimeMilliseconds(),
        }).ToList();
        var key = new ApiKeyRow
        {
            Id = HeraldId.New("key", now), WorkspaceId = id, Name = $"{name} admin", DisplayPrefix = token.DisplayPrefix,
            KeyHash = ApiKeyToken.Hash(token.Value), Scopes = Scopes.All, CreatedAt = now.ToUnixTimeMilliseconds(),
        };
        await Host.Services.GetRequiredService<WorkspaceStore>()
            .CreateWorkspaceAsync(id, name, "UTC", now.ToUnixTimeMilliseconds(), senders, key);
        Host.Services.GetRequiredService<SenderDirectory>().Invalidate();
        return (id, token.Value);
    }
}

public sealed class SqliteHerald() : HeraldFixture(StorageKind.Sqlite);

public sealed class PostgresHerald() : HeraldFixture(StorageKind.Postgres);
