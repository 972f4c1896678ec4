using System.Globalization;
using System.Text.Json;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.Twilio;

public sealed partial class TwilioProvider
{
    /// <inheritdoc />
    public SendResult ReadSendResponse(int httpStatus, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
        ReadResponse(httpStatus, body.ToArray(), retryAfter);

    /// <summary>Reads a send answer: the message <c>sid</c> on 201, the error table's verdict on <c>code</c> otherwise.</summary>
    public static SendResult ReadResponse(int httpStatus, ReadOnlyMemory<byte> body, TimeSpan? retryAfter)
    {
        using JsonDocument? doc = JsonWire.TryParse(body);
        JsonElement root = doc?.RootElement ?? default;
        string status = httpStatus.ToString(CultureInfo.InvariantCulture);
        if (httpStatus is >= 200 and < 300)
        {
            string? sid = root.Str("sid");
            if (sid is null)
            {
                return new SendResult(SendDisposition.Unknown, null, null, "no_sid", $"HTTP {status} without a message sid.");
            }

            // A message already failed at creation still carries its sid and error code.
            return root.Str("status") == "failed" && root.NumberText("error_code") is { } failed
                ? Errors.For(failed).ToResult(root.Str("error_message"), retryAfter) with { ProviderMessageId = sid }
                : SendResult.Accepted(sid);
        }

        string? code = root.NumberText("code");
        string? message = root.Str("message");
        if (httpStatus == 429)
        {
            return Errors.For("20429").ToResult(message, retryAfter);
        }

        if (httpStatus >= 500)
        {
            // A 5xx means Twilio did not create the message: a resend is safe.
            return SendResult.Retry(code ?? "http_" + status, message ?? $"HTTP {status} before acceptance.", retryAfter);
        }

        return code is null
            ? SendResult.Fail(ErrorClass.Permanent, "http_" + status, message ?? $"HTTP {status}.")
            : Errors.For(code).ToResult(message, retryAfter);
    }
}
