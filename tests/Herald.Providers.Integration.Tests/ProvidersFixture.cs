using System.Data.Common;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
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

namespace Herald.Providers.Integration.Tests;

/// <summary>
/// A real Herald (in-process Kestrel, real database) whose provider base URLs point at a real simulator, with one sender
/// per adapter created over /v1/senders. The simulator's port is chosen first, so its webhook targets can be the senders'
/// webhook_url answered by Herald.
/// </summary>
public abstract class ProvidersFixture(StorageKind kind, TimeSpan? requestTimeout = null) : IAsyncLifetime
{
    public const string MetaToken = "itest-meta-token";
    public const string AppSecret = "itest-meta-app-secret";
    public const string VerifyToken = "itest-verify-token";
    public const string PhoneNumberId = "106540352242922";
    public const string DisplayNumber = "15550783881";
    public const string WabaId = "102290129340398";
    public const string AccountSid = "AC11111111111111111111111111111111";
    public const string AuthToken = "itest-twilio-auth-token";
    public const string SmsNumber = "+15557122661";
    public const string TwilioWhatsAppNumber = "+15555238886";
    public const string ViberKey = "itest-viber-key";
    public const string ViberSecret = "itest-viber-secret";
    public const string ViberName = "HeraldShop";

    private int _phones;
    private HeraldHost? _host;
    private SimulatorHost? _sim;

    public StorageKind Kind => kind;

    public HeraldHost Host => _host ?? throw new InvalidOperationException("Herald has not started");

    public SimulatorHost Sim => _sim ?? throw new InvalidOperationException("the simulator has not started");

    public string WorkspaceId { get; private set; } = "";

    public SenderInfo Meta { get; private set; } = null!;

    public SenderInfo Sms { get; private set; } = null!;

    public SenderInfo TwilioWhatsApp { get; private set; } = null!;

    public SenderInfo Viber { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = SimulatorHost.FreePort();
        var sim = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string?>
        {
            ["Herald:Providers:MetaBaseUrl"] = sim,
            ["Herald:Providers:TwilioBaseUrl"] = sim,
            ["Herald:Providers:InfobipBaseUrl"] = sim,
        };
        if (requestTimeout is { } t)
        {
            settings["Herald:Providers:RequestTimeout"] = t.ToString("c", CultureInfo.InvariantCulture);
        }
        _host = await HeraldHost.StartAsync(kind, settings);
        using var ping = await _host.Client.GetFromJsonAsync<JsonDocument>("/v1/ping");
        WorkspaceId = ping!.RootElement.GetProperty("workspace").GetString()!;

        Meta = await CreateSenderAsync(new
        {
            name = "Meta WhatsApp", channel = "whatsapp", provider = "meta", address = "+" + DisplayNumber, rate_per_second = 50,
            settings = new { phone_number_id = PhoneNumberId, waba_id = WabaId, api_version = "v23.0" },
            credentials = new { access_token = MetaToken, app_secret = AppSecret, verify_token = VerifyToken },
        });
        Sms = await CreateSenderAsync(new
        {
            name = "Twilio SMS", channel = "sms", provider = "twilio", address = SmsNumber, rate_per_second = 50,
            settings = new { account_sid = AccountSid }, credentials = new { auth_token = AuthToken },
        });
        TwilioWhatsApp = await CreateSenderAsync(new
        {
            name = "Twilio WhatsApp", channel = "whatsapp", provider = "twilio", address = TwilioWhatsAppNumber, rate_per_second = 50,
            settings = new { account_sid = AccountSid }, credentials = new { auth_token = AuthToken },
        });
        Viber = await CreateSenderAsync(new
        {
            name = "Infobip Viber", channel = "viber", provider = "infobip", address = ViberName, rate_per_second = 50,
            settings = new { base_url = sim }, credentials = new { api_key = ViberKey, webhook_secret = ViberSecret },
        });

        _sim = await SimulatorHost.StartAsync(port, new Dictionary<string, string?>
        {
            ["Simulator:Meta:AccessTokens:0"] = MetaToken,
            ["Simulator:Meta:AppSecret"] = AppSecret,
            ["Simulator:Meta:WabaId"] = WabaId,
            ["Simulator:Meta:WebhookUrl"] = Meta.WebhookUrl,
            ["Simulator:Twilio:Accounts:" + AccountSid] = AuthToken,
            ["Simulator:Twilio:InboundUrl"] = Sms.WebhookUrl,
            ["Simulator:Viber:ApiKeys:0"] = ViberKey,
            ["Simulator:Viber:DefaultSecret"] = ViberSecret,
            ["Simulator:Viber:InboundUrl"] = Viber.WebhookUrl,
        });
    }

    private async Task<SenderInfo> CreateSenderAsync(object body)
    {
        using var r = await Host.Client.PostAsync(new Uri("/v1/senders", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode == 201, $"POST /v1/senders: {(int)r.StatusCode} {text}");
        using var doc = JsonDocument.Parse(text);
        return new SenderInfo(doc.RootElement.GetProperty("id").GetString()!, doc.RootElement.GetProperty("webhook_url").GetString()!);
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>A phone number no other test of this fixture uses (Ofcom's fictional range, which Herald accepts).</summary>
    public string NewPhone()
    {
        var n = Interlocked.Increment(ref _phones);
        Assert.True(n < 1000, "the fictional number range is exhausted");
        return "+447700900" + n.ToString("D3", CultureInfo.InvariantCulture);
    }

    /// <summary>Rows in the tables a webhook may write, to prove a refused one left nothing behind.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountRowsAsync()
    {
        string[] tables = ["messages", "provider_events", "consents", "conversations", "contacts", "template_statuses"];
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in tables)
        {
            counts[t] = await ScalarAsync($"SELECT COUNT(*) FROM {t}");
        }
        return counts;
    }

    /// <summary>One number from the database (the host's own connection factory, so either engine).</summary>
    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        var db = Host.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync();
        await using DbCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A second tenant with an admin key, created the way first start creates one (as tests/Herald.Api.Tests does).</summary>
    public async Task<(string WorkspaceId, string Key)> CreateWorkspaceAsync(string name)
    {
        var clock = Host.Services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var id = HeraldId.New("ws", now);
        var token = ApiKeyToken.Generate();
        var sender = new SenderRow
        {
            Id = HeraldId.New("snd", now), WorkspaceId = id, Channel = "sms", Provider = SandboxSender.Name, Name = $"{name} sms",
            Address = "+15005550007", IsDefault = 1, RatePerSecond = 1000, PerSegment = 1, CreatedAt = now.ToUnixTimeMilliseconds(),
        };
        var key = new ApiKeyRow
        {
            Id = HeraldId.New("key", now), WorkspaceId = id, Name = $"{name} admin", DisplayPrefix = token.DisplayPrefix,
            KeyHash = ApiKeyToken.Hash(token.Value), Scopes = Scopes.All, CreatedAt = now.ToUnixTimeMilliseconds(),
        };
        await Host.Services.GetRequiredService<WorkspaceStore>().CreateWorkspaceAsync(id, name, "UTC", now.ToUnixTimeMilliseconds(), [sender], key);
        Host.Services.GetRequiredService<SenderDirectory>().Invalidate();
        return (id, token.Value);
    }

    /// <summary>Every text value of one column for the rows a query selects.</summary>
    public async Task<IReadOnlyList<string?>> StringsAsync(string sql, params (string Name, object Value)[] parameters)
    {
        var db = Host.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync();
        await using DbCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        var list = new List<string?>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(reader.IsDBNull(0) ? null : reader.GetValue(0) is byte[] b ? Encoding.UTF8.GetString(b) : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture));
        }
        return list;
    }
}

/// <summary>A sender created for the tests: its id and the webhook URL Herald answered.</summary>
public sealed record SenderInfo(string Id, string WebhookUrl);

public sealed class SqliteProviders() : ProvidersFixture(StorageKind.Sqlite);

public sealed class PostgresProviders() : ProvidersFixture(StorageKind.Postgres);

/// <summary>Herald with a 1 s provider request timeout, for the timeout case (its own simulator, so knobs never leak).</summary>
public sealed class SqliteShortTimeout() : ProvidersFixture(StorageKind.Sqlite, TimeSpan.FromSeconds(1));
