namespace Herald.Server.Compat.Octopods;

/// <summary>
/// The Octopods-compatible API under <c>/api/v1</c> (docs/octopods-compat.md): an Octopods client switches by changing its
/// base URL and key. Kept out of the native OpenAPI document, whose conventions (Bearer, problem details) it does not follow.
/// </summary>
public static class OctopodsCompat
{
    public static IServiceCollection AddOctopodsCompat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OctopodsOptions>().Bind(configuration.GetSection(OctopodsOptions.Section))
            .Validate(o => o.PermitLimit >= 1 && o.Window > TimeSpan.Zero, "Herald:Octopods needs PermitLimit >= 1 and a positive Window.")
            .ValidateOnStart();
        services.AddSingleton<OctopodsRateLimiter>();
        services.AddSingleton<OctopodsOrigin>();
        services.AddSingleton<OctopodsSend>();
        services.AddSingleton<OctopodsIds>();
        return services;
    }

    public static void MapOctopodsCompat(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").ExcludeFromDescription();
        api.MapOctopodsTemplates("/whatsapp", OctopodsFamily.WhatsApp);
        api.MapOctopodsTemplates("/vbm", OctopodsFamily.Vbm);
        api.MapOctopodsSms();
        api.MapOctopodsMessages(OctopodsFamily.WhatsApp);
        api.MapOctopodsMessages(OctopodsFamily.Vbm);
        api.MapOctopodsMessages(OctopodsFamily.Sms);
    }
}
