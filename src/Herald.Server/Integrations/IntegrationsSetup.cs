using Herald.Engine;
using Herald.Engine.Notifications;
using Herald.Server.Integrations.HubSpot;
using Herald.Server.Integrations.Intercom;

namespace Herald.Server.Integrations;

/// <summary>Registers the Intercom and HubSpot integrations: management API, vendor endpoints and the two sinks.</summary>
public static class IntegrationsSetup
{
    /// <summary>The named HTTP client the sinks call the vendors' REST APIs with.</summary>
    public const string ClientName = "herald-integrations";

    public static IServiceCollection AddHeraldIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration; // base URLs are read per call (Integrations:Intercom:ApiBaseUrl, Integrations:HubSpot:ApiBaseUrl)
        services.AddSingleton<IntegrationSending>();
        services.AddSingleton<IntercomForm>();
        services.AddSingleton<SendOnce>();
        services.AddSingleton<IntegrationSecrets>();
        services.AddSingleton<IIntegrationSink, IntercomSink>();
        services.AddSingleton<IIntegrationSink, HubSpotSink>();
        // Only a connection that never opened is retried here; every other failure goes back to the event fan-out,
        // which retries durably on its own schedule (a vendor may already have written the note).
        services.AddHttpClient(ClientName).ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(15)).AddConnectOnlyRetry();
        return services;
    }

    public static void MapIntegrations(this IEndpointRouteBuilder app)
    {
        app.MapIntegrationsApi();
        app.MapIntercomCanvas();
        app.MapHubSpotActions();
    }
}
