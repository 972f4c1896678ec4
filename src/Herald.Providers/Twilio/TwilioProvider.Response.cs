using System.Text.Json;
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
        if (httpStatus is >= 200 and < 300)
        {
            string? sid = root.Str("sid");
            if (sid is null)
            {
                return SendAnswers.WithoutId(httpStatus, "no_sid", "a message sid");
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
            return SendAnswers.TooManyRequests(Errors, code, Errors.For("20429"), message, retryAfter);
        }

        // A 5xx means Twilio did not create the message: a resend is safe.
        return httpStatus >= 500 || code is null
            ? SendAnswers.ByHttpStatus(httpStatus, code, message, retryAfter)
            : Errors.For(code).ToResult(message, retryAfter);
    }
}
