using System.Net;
using System.Net.Sockets;
using Herald.Domain.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Notifications;

public static class NotificationsRegistration
{
    /// <summary>The event fan-out, the delivery worker and the guarded HTTP client customer webhooks go out on.</summary>
    public static IServiceCollection AddHeraldNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton(sp => new WebhookTargets(sp.GetRequiredService<IOptions<HeraldOptions>>().Value.Webhooks.AllowedTargets));
        services.AddSingleton<WebhookEndpointService>();
        services.AddSingleton<EventFanout>();
        services.AddHostedService(sp => sp.GetRequiredService<EventFanout>());
        services.AddSingleton<WebhookDeliverer>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDeliverer>());
        services.AddHttpClient(WebhookDeliverer.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var targets = sp.GetRequiredService<WebhookTargets>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false, // a redirect could lead to a private address; the receiver must answer itself
                    UseProxy = false, // through a proxy the address check would see only the proxy
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = (ctx, ct) => ConnectAsync(targets, ctx.DnsEndPoint, ct),
                };
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan); // each attempt sets its own deadline
        return services;
    }

    /// <summary>Connects only to an address the policy allows, checked after DNS resolution (no rebinding around the check).</summary>
    private static async ValueTask<Stream> ConnectAsync(WebhookTargets targets, DnsEndPoint endpoint, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, ct).ConfigureAwait(false);
        var allowed = targets.HostAllowed(endpoint.Host) ? addresses : addresses.Where(targets.AddressAllowed).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefusedException(
                $"Refused: {endpoint.Host} is a private, loopback or link-local address; add it to Herald:Webhooks:AllowedTargets to allow it.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
