using Herald.Engine;
using Herald.Engine.Setup;
using Herald.Server.Api;
using Herald.Server.Api.Broadcasts;
using Herald.Server.Api.Contacts;
using Herald.Server.Api.Keys;
using Herald.Server.Api.Messages;
using Herald.Server.Api.Sandbox;
using Herald.Server.Api.Senders;
using Herald.Server.Api.Templates;
using Herald.Server.Api.Webhooks;
using Herald.Server.Api.WebhookEndpoints;
using Herald.Engine.Providers;
using Herald.Server.Auth;
using Herald.Server.Compat.Octopods;
using Herald.Server.Console;
using Herald.Server.Infrastructure;
using Herald.Server.Integrations;

namespace Herald.Server;

/// <summary>Builds the Herald host: API, engine and storage in one process. Tests and the benchmark use it too.</summary>
public static class HeraldApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name picks the assembly whose Razor Pages are served, also when a test host is the entry assembly.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(HeraldApp).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Body.MaxBytes);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://localhost:5080");
        }
        configure?.Invoke(builder);
        var s = builder.Services;
        s.AddHeraldEngine(builder.Configuration);
        s.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        s.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            ctx.ProblemDetails.Extensions.TryAdd("code", Problems.DefaultCode(status));
            ctx.ProblemDetails.Detail ??= Problems.DefaultDetail(status);
        });
        s.AddExceptionHandler<TransientDatabaseErrors>();
        s.AddHeraldConsole();
        s.AddOctopodsCompat(builder.Configuration);
        s.AddHeraldIntegrations(builder.Configuration);
        s.AddSingleton<ApiKeyCache>();
        s.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Herald API";
            doc.Info.Description = "Proactive messaging over WhatsApp, SMS and Viber. Authenticate with 'Authorization: Bearer <API key>'. " +
                "Errors are RFC 9457 problem details with a stable 'code'.";
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.UseRouting(); // first, so the size check below knows which endpoints stream their bodies
        app.UseMiddleware<OversizedBodyMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseConsoleCsrfCheck();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Herald API v1");
            o.DocumentTitle = "Herald API reference";
        });
        app.MapGet("/", () => TypedResults.Content(Landing.Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapSystem();
        app.MapMessages();
        app.MapTemplates();
        app.MapTemplateApproval();
        app.MapContacts();
        app.MapApiKeys();
        app.MapSenders();
        app.MapBroadcasts();
        app.MapSandbox();
        app.MapProviderWebhooks();
        app.MapWebhookEndpoints();
        app.MapOctopodsCompat();
        app.MapIntegrations();
        app.MapHeraldConsole();
        // Without Herald:PublicUrl, webhook URLs use the address Herald listens on.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (app.Urls.FirstOrDefault() is { } url)
            {
                app.Services.GetRequiredService<PublicUrls>().SetListeningAddress(url);
            }
        });
        return app;
    }

    /// <summary>Applies migrations and first-start setup, then serves until stopped.</summary>
    public static async Task RunAsync(WebApplication app)
    {
        await app.Services.GetRequiredService<HeraldSetup>().RunAsync().ConfigureAwait(false);
        await ConsoleSetup.EnsureFirstAdminAsync(app.Services).ConfigureAwait(false);
        await app.RunAsync().ConfigureAwait(false);
    }

    /// <summary>Applies migrations and setup, then starts without blocking (tests and the benchmark).</summary>
    public static async Task StartAsync(WebApplication app)
    {
        await app.Services.GetRequiredService<HeraldSetup>().RunAsync().ConfigureAwait(false);
        await ConsoleSetup.EnsureFirstAdminAsync(app.Services).ConfigureAwait(false);
        await app.StartAsync().ConfigureAwait(false);
    }
}
