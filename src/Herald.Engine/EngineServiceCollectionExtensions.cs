using Herald.Engine.Dispatch;
using Herald.Engine.Inbound;
using Herald.Engine.Sandbox;
using Herald.Engine.Sending;
using Herald.Engine.Setup;
using Herald.Engine.Templates;
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
        services.AddSingleton<InboundService>();
        services.AddSingleton<TemplateService>();
        services.AddSingleton<IMessageSender, SandboxSender>();
        services.AddHostedService<SandboxWorker>();
        services.AddHostedService<Maintenance.MaintenanceWorker>();
        return services;
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
