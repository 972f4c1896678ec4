using Herald.Simulator.Control;
using Herald.Simulator.Core;
using Herald.Simulator.Meta;
using Herald.Simulator.Twilio;
using Herald.Simulator.Viber;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Herald.Simulator;

/// <summary>Builds the simulator; Program.cs runs it, the tests start it in-process.</summary>
internal static class SimulatorApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Own sources only: an appsettings.json of a host sharing the output folder (Herald's) must not leak in.
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "herald-simulator.json"), optional: true)
            .AddEnvironmentVariables("HERALD_SIMULATOR_")
            .AddCommandLine(args, new Dictionary<string, string>(StringComparer.Ordinal) { ["--seed"] = "Simulator:Seed" });
        configure?.Invoke(builder);
        Loopback.CheckListenUrls(builder.Configuration["urls"]);

        var services = builder.Services;
        services.Configure<SimulatorOptions>(builder.Configuration.GetSection(SimulatorOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SimRandom(sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.Seed));
        services.AddSingleton<SimState>();
        services.AddSingleton<Chaos>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<MetaHooks>();
        services.AddSingleton<TwilioLedger>();
        services.AddSingleton<TwilioHooks>();
        services.AddSingleton<ViberHooks>();
        services.AddHttpClient(WebhookDispatcher.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));

        var app = builder.Build();
        app.Use(Loopback.GuardAsync);
        MetaApi.Map(app);
        TwilioApi.Map(app);
        ViberApi.Map(app);
        ControlApi.Map(app);
        return app;
    }
}
