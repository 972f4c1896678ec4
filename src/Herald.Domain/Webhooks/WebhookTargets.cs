using System.Net;
using System.Net.Sockets;

namespace Herald.Domain.Webhooks;

/// <summary>
/// Which addresses a customer webhook may be sent to. Private, loopback, link-local, shared (CGNAT), multicast and
/// unspecified addresses are refused, so that a webhook URL cannot be used to reach Herald's own network, unless an
/// entry of the configured allow-list (an IP address, a CIDR range or a host name) permits them.
/// </summary>
public sealed class WebhookTargets
{
    private readonly List<(IPAddress Network, int Bits)> _ranges = [];
    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="allowed">Entries such as <c>127.0.0.1</c>, <c>10.0.0.0/8</c>, <c>::1</c>, <c>hooks.internal</c>.</param>
    public WebhookTargets(IEnumerable<string>? allowed = null)
    {
        foreach (var raw in allowed ?? [])
        {
            var entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && IPAddress.TryParse(entry[..slash], out var net)
                && int.TryParse(entry[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var bits)
                && bits >= 0 && bits <= (net.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
            {
                _ranges.Add((net, bits));
            }
            else if (IPAddress.TryParse(entry, out var ip))
            {
                _ranges.Add((ip, ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                _hosts.Add(entry.TrimEnd('.'));
            }
        }
    }

    /// <summary>Null when the URL's form is acceptable (absolute http/https, no user info); else the reason.</summary>
    public static string? FormProblem(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var u))
        {
            return "'url' must be an absolute http or https URL, e.g. https://example.com/herald-events.";
        }
        if (u.Scheme != Uri.UriSchemeHttps && u.Scheme != Uri.UriSchemeHttp)
        {
            return "'url' must use https (or http).";
        }
        if (!string.IsNullOrEmpty(u.UserInfo))
        {
            return "'url' must not carry a user name or password; the signature authenticates Herald.";
        }
        if (!string.IsNullOrEmpty(u.Fragment) || url.Length > 2048)
        {
            return "'url' must have no #fragment and at most 2048 characters.";
        }
        uri = u;
        return null;
    }

    /// <summary>True when the host name itself is on the allow-list (then any address it resolves to is accepted).</summary>
    public bool HostAllowed(string host) => _hosts.Contains(host.TrimEnd('.'));

    /// <summary>True when a delivery may connect to <paramref name="address"/>.</summary>
    public bool AddressAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return IsPublic(a) || _ranges.Any(r => r.Network.AddressFamily == a.AddressFamily && InRange(a, r.Network, r.Bits));
    }

    /// <summary>True for an address on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (IPAddress.IsLoopback(a))
        {
            return false;
        }
        if (a.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = a.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)    // shared address space (CGNAT)
                || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))); // benchmarking
        }
        if (a.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = a.GetAddressBytes();
            if ((b[0] == 0x20 && b[1] == 0x02)                                                   // 6to4 2002::/16 embeds an IPv4 address
                || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].All(x => x == 0))) // NAT64 64:ff9b::/96
            {
                var v4 = b[0] == 0x20 ? b[2..6] : b[12..16];
                return IsPublic(new IPAddress(v4));
            }
            return !(a.Equals(IPAddress.IPv6Any) || a.IsIPv6LinkLocal || a.IsIPv6SiteLocal || a.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC);                         // unique local fc00::/7
        }
        return false;
    }

    private static bool InRange(IPAddress a, IPAddress network, int bits)
    {
        var x = a.GetAddressBytes();
        var n = network.GetAddressBytes();
        for (var i = 0; i < x.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((x[i] & mask) != (n[i] & mask))
            {
                return false;
            }
        }
        return true;
    }
}
