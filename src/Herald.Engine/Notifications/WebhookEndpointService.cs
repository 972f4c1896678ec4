using System.Net;
using System.Net.Sockets;
using Herald.Domain;
using Herald.Domain.Webhooks;
using Herald.Engine.Senders;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Engine.Notifications;

/// <summary>Creating, changing and rotating customer webhook endpoints, with their URL and event checks.</summary>
public sealed class WebhookEndpointService(
    WebhookStore store, WebhookTargets targets, CredentialVault vault, TimeProvider clock, Microsoft.Extensions.Options.IOptions<HeraldOptions> options)
{
    private static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(7);

    /// <summary>A new endpoint and its secret (shown once), or why not.</summary>
    public async Task<(WebhookEndpointRow? Row, string? Secret, IReadOnlyList<Reason> Errors)> CreateAsync(
        string workspaceId, string? url, IReadOnlyList<string>? events, string? description, CancellationToken ct)
    {
        var errors = new List<Reason>();
        var checkedUrl = await CheckUrlAsync(url, errors, ct).ConfigureAwait(false);
        var types = CheckEvents(events, errors);
        if (errors.Count > 0)
        {
            return (null, null, errors);
        }
        var now = clock.GetUtcNow();
        var ms = now.ToUnixTimeMilliseconds();
        var secret = WebhookSignature.NewSecret();
        var id = HeraldId.New("ep", now);
        var row = new WebhookEndpointRow
        {
            Id = id, WorkspaceId = workspaceId, Url = checkedUrl!, Description = description?.Trim(), EventTypes = types,
            Secret = vault.Protect(id, secret), CreatedAt = ms, UpdatedAt = ms,
        };
        await store.InsertEndpointAsync(row, ct).ConfigureAwait(false);
        return (row, secret, []);
    }

    /// <summary>Applies the given changes; <paramref name="enabled"/> true re-enables a disabled endpoint.</summary>
    public async Task<IReadOnlyList<Reason>> UpdateAsync(
        WebhookEndpointRow row, string? url, IReadOnlyList<string>? events, string? description, bool? enabled, CancellationToken ct)
    {
        var errors = new List<Reason>();
        if (url is not null)
        {
            row.Url = await CheckUrlAsync(url, errors, ct).ConfigureAwait(false) ?? row.Url;
        }
        if (events is not null)
        {
            row.EventTypes = CheckEvents(events, errors);
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (description is not null)
        {
            row.Description = description.Trim().Length == 0 ? null : description.Trim();
        }
        if (enabled == true)
        {
            (row.DisabledAt, row.DisabledReason) = (null, null);
        }
        else if (enabled == false && row.DisabledAt is null)
        {
            (row.DisabledAt, row.DisabledReason) = (now, "disabled through the API");
        }
        row.UpdatedAt = now;
        await store.UpdateEndpointAsync(row, enabled is not null, ct).ConfigureAwait(false);
        return [];
    }

    /// <summary>A new secret; the current one keeps signing (beside the new) for <paramref name="overlap"/>.</summary>
    public async Task<(string? Secret, Reason? Error)> RotateAsync(WebhookEndpointRow row, TimeSpan? overlap, CancellationToken ct)
    {
        var keep = overlap ?? options.Value.Webhooks.DefaultRotationOverlap;
        if (keep < TimeSpan.Zero || keep > MaxOverlap)
        {
            return (null, new Reason("overlap_invalid", "'overlap_seconds' must be between 0 and 604800 (7 days).", "overlap_seconds"));
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var secret = WebhookSignature.NewSecret();
        (row.PreviousSecret, row.PreviousSecretExpiresAt) = keep == TimeSpan.Zero
            ? ((string?)null, (long?)null)
            : (row.Secret, now + (long)keep.TotalMilliseconds);
        row.Secret = vault.Protect(row.Id, secret);
        row.UpdatedAt = now;
        await store.UpdateSecretsAsync(row, ct).ConfigureAwait(false);
        return (secret, null);
    }

    private async Task<string?> CheckUrlAsync(string? url, List<Reason> errors, CancellationToken ct)
    {
        if (WebhookTargets.FormProblem(url, out var uri) is { } problem)
        {
            errors.Add(new Reason("webhook_url_invalid", problem, "url"));
            return null;
        }
        var host = uri!.IdnHost;
        if (targets.HostAllowed(host))
        {
            return uri.AbsoluteUri;
        }
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];
        }
        else
        {
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(TimeSpan.FromSeconds(3));
                addresses = await Dns.GetHostAddressesAsync(host, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return uri.AbsoluteUri; // unknown today; every delivery checks the addresses it connects to
            }
        }
        if (addresses.Length > 0 && !addresses.Any(targets.AddressAllowed))
        {
            errors.Add(new Reason("webhook_url_private",
                $"'{host}' is a private, loopback or link-local address; Herald sends webhooks only to public addresses unless Herald:Webhooks:AllowedTargets lists it.",
                "url"));
            return null;
        }
        return uri.AbsoluteUri;
    }

    private static string CheckEvents(IReadOnlyList<string>? events, List<Reason> errors)
    {
        if (events is null || events.Count == 0 || events.Contains("*"))
        {
            return "*";
        }
        foreach (var e in events.Where(e => !EventPayloads.Types.Contains(e, StringComparer.Ordinal)))
        {
            errors.Add(new Reason("event_type_unknown", $"'{e}' is not an event type; known types: {string.Join(", ", EventPayloads.Types)} (or '*').", "events"));
        }
        return string.Join(' ', events.Distinct(StringComparer.Ordinal));
    }
}
