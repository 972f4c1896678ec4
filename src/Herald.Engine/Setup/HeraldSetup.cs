using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Engine.Sandbox;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Setup;

/// <summary>Start-up: applies migrations, and on a fresh install creates the first workspace, its sandbox senders and an admin key.</summary>
public sealed partial class HeraldSetup(
    Migrator migrator, WorkspaceStore workspaces, IConfiguration configuration, TimeProvider clock,
    IOptions<HeraldOptions> options, ILogger<HeraldSetup> logger)
{
    /// <summary>Environment variable (or configuration key) that fixes the admin key's value, so scripts can start from nothing.</summary>
    public const string BootstrapKeyVariable = "HERALD_BOOTSTRAP_KEY";

    public async Task RunAsync(CancellationToken ct = default)
    {
        await migrator.MigrateAsync(ct).ConfigureAwait(false);
        var bootstrap = configuration[BootstrapKeyVariable];
        if (bootstrap is not null && bootstrap.Trim().Length < 16)
        {
            throw new InvalidOperationException($"{BootstrapKeyVariable} must be at least 16 characters long.");
        }
        var now = clock.GetUtcNow();
        var workspaceId = await workspaces.FirstWorkspaceIdAsync(ct).ConfigureAwait(false);
        if (workspaceId is null)
        {
            var raw = bootstrap?.Trim() ?? ApiKeyToken.Generate().Value;
            workspaceId = HeraldId.New("ws", now);
            await workspaces.CreateWorkspaceAsync(workspaceId, "Default workspace", options.Value.WorkspaceTimeZone,
                now.ToUnixTimeMilliseconds(), SandboxSenders(workspaceId, now), AdminKey(workspaceId, raw, now), ct).ConfigureAwait(false);
            if (bootstrap is null)
            {
                LogGeneratedKey(logger, raw);
            }
            LogCreated(logger, workspaceId);
            return;
        }
        if (bootstrap is not null && await workspaces.KeyByHashAsync(ApiKeyToken.Hash(bootstrap.Trim()), ct).ConfigureAwait(false) is null)
        {
            await workspaces.InsertKeyAsync(AdminKey(workspaceId, bootstrap.Trim(), now), ct).ConfigureAwait(false);
        }
    }

    private IReadOnlyList<SenderRow> SandboxSenders(string workspaceId, DateTimeOffset now) =>
        [.. new[] { ("sms", "+15005550006"), ("whatsapp", "+15005550006"), ("viber", "HeraldSandbox") }.Select(x => new SenderRow
        {
            Id = HeraldId.New("snd", now), WorkspaceId = workspaceId, Channel = x.Item1, Provider = SandboxSender.Name,
            Name = $"Sandbox {x.Item1}", Address = x.Item2, IsDefault = 1, RatePerSecond = options.Value.Sandbox.RatePerSecond,
            PerSegment = x.Item1 == "sms" ? 1 : 0, CreatedAt = now.ToUnixTimeMilliseconds(),
        })];

    private static ApiKeyRow AdminKey(string workspaceId, string raw, DateTimeOffset now) => new()
    {
        Id = HeraldId.New("key", now), WorkspaceId = workspaceId, Name = "admin (bootstrap)",
        DisplayPrefix = raw.Length > 12 ? raw[..12] : raw, KeyHash = ApiKeyToken.Hash(raw), Scopes = Scopes.All,
        CreatedAt = now.ToUnixTimeMilliseconds(),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fresh install: admin API key (shown once, store it now): {Key}")]
    private static partial void LogGeneratedKey(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created workspace {WorkspaceId} with sandbox senders for sms, whatsapp and viber")]
    private static partial void LogCreated(ILogger logger, string workspaceId);
}
