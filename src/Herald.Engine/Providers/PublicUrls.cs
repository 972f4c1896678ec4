using Herald.Storage.Rows;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Providers;

/// <summary>The address providers reach Herald at: <c>Herald:PublicUrl</c>, else the address the server listens on.</summary>
public sealed class PublicUrls(IOptions<HeraldOptions> options)
{
    private string? _listening;

    /// <summary>Set by the server once it listens, for installs without <c>Herald:PublicUrl</c>.</summary>
    public void SetListeningAddress(string url) => _listening = url.TrimEnd('/');

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.PublicUrl);

    /// <summary>The base URL, or null when neither is known yet.</summary>
    public string? Base => IsConfigured ? options.Value.PublicUrl!.TrimEnd('/') : _listening;

    /// <summary>The path of a sender's webhook, below the base URL.</summary>
    public static string WebhookPath(SenderRow s) => $"/hooks/{s.Provider}/{s.Id}";

    /// <summary>The sender's webhook URL for its provider, or null for providers that call nothing (sandbox).</summary>
    public string? WebhookUrl(SenderRow s, string? requestBase = null) =>
        Senders.SenderProfiles.All.TryGetValue(s.Provider, out var p) && p.HasWebhook
            ? ((IsConfigured ? Base : requestBase?.TrimEnd('/') ?? Base) ?? "") + WebhookPath(s)
            : null;
}
