using Herald.Engine.Dispatch;
using Herald.Engine.Inbound;
using Herald.Engine.Notifications;
using Herald.Engine.Sandbox;
using Herald.Engine.Sending;
using Herald.Engine.Setup;
using Herald.Engine.Templates;
using Herald.Engine.Providers;
using Herald.Engine.Senders;
using Herald.Engine.Webhooks;
using Microsoft.Extensions.Options;
using Herald.Providers.Contracts;
using Herald.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Herald.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Registers storage, the rules' write path, the dispatcher, the sandbox provider and the start-up setup.</summary>
    public static IServiceCollection AddHeraldEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHeraldStorage(configuration);
        services.AddOptions<HeraldOptions>().Bind(configuration.GetSection(HeraldOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultValidity > TimeSpan.Zero, "Herald:DefaultValidity must be positive")
            .Validate(o => o.IdempotencyLifetime >= TimeSpan.FromHours(24), "Herald:IdempotencyLifetime must be at least 24 hours")
            .Validate(o => Try(() => SendEvaluator.ParseQuietHours(o.QuietHours)), "Herald:QuietHours must look like 21:00-08:00")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HeraldSetup>();
        services.AddSingleton<SenderDirectory>();
        services.AddSingleton<SendEvaluator>();
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<SendPipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<SendPipeline>());
        services.AddSingleton<SenderRateLimits>();
        services.AddSingleton<ProviderRegistry>();
        services.AddSingleton<BatchSender>();
        services.AddHostedService<Dispatcher>();
        services.AddSingleton<Broadcasts.BroadcastGate>();
        services.AddSingleton<Broadcasts.BroadcastExpander>();
        services.AddSingleton<Broadcasts.BroadcastMonitor>();
        services.AddSingleton<Broadcasts.BroadcastService>();
        services.AddHostedService<Broadcasts.BroadcastRunner>();
        services.AddSingleton<InboundService>();
        services.AddSingleton<TemplateService>();
        services.AddContactImport(configuration);
        services.AddSingleton<IMessageSender, SandboxSender>();
        services.AddSingleton<CredentialVault>();
        services.AddSingleton<SenderService>();
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<TemplateLookup>();
        services.AddSingleton<TemplateEventApplier>();
        services.AddSingleton<TemplateSubmission>();
        services.AddSingleton<WebhookIngestor>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookIngestor>());
        services.AddSingleton<TemplateSyncQueue>();
        services.AddHostedService<TemplateReconciler>();
        services.AddSingleton<IMessageSender, MetaSender>();
        services.AddSingleton<IMessageSender, TwilioSender>();
        services.AddSingleton<IMessageSender, InfobipSender>();
        AddProviderHttp(services);
        services.AddHostedService<SandboxWorker>();
        services.AddHostedService<Maintenance.MaintenanceWorker>();
        services.AddHeraldNotifications();
        return services;
    }

    /// <summary>
    /// One pooled HTTP client for every provider call. Only a connection that never opened is retried here (nothing can
    /// have reached the provider); 5xx and 429 answers go back to the dispatcher, which retries them durably with backoff,
    /// and a timeout is never retried (the provider may have the message).
    /// </summary>
    private static void AddProviderHttp(IServiceCollection services)
    {
        services.AddHttpClient(HttpProviderSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectTimeout = sp.GetRequiredService<IOptions<HeraldOptions>>().Value.Providers.ConnectTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan) // each call sets its own deadline
            .AddConnectOnlyRetry();
    }

    private static bool Try(Action a)
    {
        try
        {
            a();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
