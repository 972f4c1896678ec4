using System.Net;

namespace Herald.Simulator.Core;

/// <summary>The simulator listens on and answers loopback only.</summary>
internal static class Loopback
{
    /// <summary>Refuses to start when a configured listen URL is not a loopback address.</summary>
    public static void CheckListenUrls(string? urls)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var host = url.Split("://", 2).Last().Split('/')[0];
            host = host.StartsWith('[') ? host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)] : host.Split(':')[0];
            var ok = host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
            if (!ok)
            {
                throw new InvalidOperationException($"The simulator listens on loopback only; '{url}' is not a loopback URL.");
            }
        }
    }

    /// <summary>Answers 403 to any request that does not come from this machine.</summary>
    public static async Task GuardAsync(HttpContext http, RequestDelegate next)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is not null && !IPAddress.IsLoopback(remote))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        await next(http);
    }
}
