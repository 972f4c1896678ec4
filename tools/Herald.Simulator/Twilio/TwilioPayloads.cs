using System.Globalization;
using System.Text.Json.Nodes;

namespace Herald.Simulator.Twilio;

/// <summary>Twilio's bodies as in docs/providers/wire-formats.md §2 (snake_case JSON, RFC 2822 dates).</summary>
internal static class TwilioPayloads
{
    public const string ApiVersion = "2010-04-01";

    public static JsonObject Error(int code, string message, int status) => new()
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{code.ToString(CultureInfo.InvariantCulture)}",
        ["status"] = status,
    };

    public static string Rfc2822(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    public static JsonObject Message(TwilioSend s, DateTimeOffset at, string? status = null)
    {
        var date = Rfc2822(at);
        var base_ = $"/{ApiVersion}/Accounts/{s.AccountSid}/Messages/{s.Sid}";
        return new JsonObject
        {
            ["account_sid"] = s.AccountSid,
            ["api_version"] = ApiVersion,
            ["body"] = s.Body ?? "",
            ["date_created"] = date,
            ["date_sent"] = date,
            ["date_updated"] = date,
            ["direction"] = "outbound-api",
            ["error_code"] = status is "undelivered" or "failed" ? 30003 : null,
            ["error_message"] = status is "undelivered" or "failed" ? "Unreachable destination handset" : null,
            ["from"] = s.From,
            ["num_media"] = s.NumMedia.ToString(CultureInfo.InvariantCulture),
            ["num_segments"] = Segments(s).ToString(CultureInfo.InvariantCulture),
            ["price"] = null,
            ["price_unit"] = null,
            ["messaging_service_sid"] = s.MessagingServiceSid,
            ["sid"] = s.Sid,
            ["status"] = status ?? (s.From is null ? "accepted" : "queued"),
            ["subresource_uris"] = new JsonObject { ["media"] = base_ + "/Media.json" },
            ["to"] = s.To,
            ["uri"] = base_ + ".json",
        };
    }

    /// <summary>GSM-7 160/153 or UCS-2 70/67 per segment; WhatsApp messages are one segment.</summary>
    public static int Segments(TwilioSend s)
    {
        var body = s.Body ?? "";
        if (s.WhatsApp || body.Length == 0)
        {
            return 1;
        }

        var gsm = body.All(c => c < 128);
        var (single, multi) = gsm ? (160, 153) : (70, 67);
        return body.Length <= single ? 1 : (body.Length + multi - 1) / multi;
    }
}

/// <summary>One accepted Twilio message.</summary>
internal sealed record TwilioSend(
    string AccountSid,
    string Sid,
    string? From,
    string To,
    string? Body,
    string? MessagingServiceSid,
    int NumMedia)
{
    public bool WhatsApp => To.StartsWith("whatsapp:", StringComparison.Ordinal);
}
