using Herald.Domain.Keys;

namespace Herald.Server.Compat.Octopods;

/// <summary>POST /api/v1/sms/messages</summary>
public static class OctopodsSmsApi
{
    public static void MapOctopodsSms(this IEndpointRouteBuilder api)
    {
        api.MapPost("/sms/messages", (HttpContext http, OctopodsSend send) => send.SmsAsync(http))
            .RequireOctopodsKey(OctopodsFamily.Sms, Scopes.MessagesWrite);
    }
}
