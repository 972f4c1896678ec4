using System.Globalization;
using System.Threading.RateLimiting;
using Herald.Domain.Keys;
using Microsoft.Extensions.Options;

namespace Herald.Server.Compat.Octopods;

/// <summary>A fixed-window limit per presented key (by its hash, so raw keys are not held), shared by every /api/v1 route.</summary>
public sealed class OctopodsRateLimiter(IOptions<OctopodsOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.PermitLimit,
            Window = options.Value.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when the request may go on; otherwise the seconds to wait (at least 1).</summary>
    public int? Refuse(string presentedKey)
    {
        using var lease = _limiter.AttemptAcquire(presentedKey.Length == 0 ? "" : ApiKeyToken.Hash(presentedKey));
        if (lease.IsAcquired)
        {
            return null;
        }
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : options.Value.Window;
        return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"at most {options.Value.PermitLimit} requests per {options.Value.Window.TotalSeconds} s per API key");

    public void Dispose() => _limiter.Dispose();
}
