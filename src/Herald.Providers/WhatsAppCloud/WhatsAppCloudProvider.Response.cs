using System.Globalization;
using System.Text.Json;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.WhatsAppCloud;

public sealed partial class WhatsAppCloudProvider
{
    /// <inheritdoc />
    public SendResult ReadSendResponse(int httpStatus, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
        ReadResponse(httpStatus, body.ToArray(), retryAfter);

    /// <summary>Reads a send answer: the wamid on success, the error table's verdict on <c>error.code</c> otherwise.</summary>
    public static SendResult ReadResponse(int httpStatus, ReadOnlyMemory<byte> body, TimeSpan? retryAfter)
    {
        using JsonDocument? doc = JsonWire.TryParse(body);
        JsonElement root = doc?.RootElement ?? default;
        if (httpStatus is >= 200 and < 300)
        {
            string? id = root.Items("messages").Select(m => m.Str("id")).FirstOrDefault(i => !string.IsNullOrEmpty(i));
            // A 2xx without an id may still have been taken: never resend it blindly.
            return id is null
                ? new SendResult(SendDisposition.Unknown, null, null, "no_message_id", $"HTTP {httpStatus} without a message id.")
                : SendResult.Accepted(id);
        }

        JsonElement error = root.Child("error");
        string? code = error.NumberText("code");
        string? message = error.Child("error_data").Str("details") ?? error.Str("message");
        // Classify on error.code: Meta's HTTP statuses for the same code differ between copies of its docs.
        if (code is not null && (Errors.Documents(code) || httpStatus < 500 && httpStatus != 429))
        {
            return Errors.For(code).ToResult(message, retryAfter);
        }

        return HttpFallback(httpStatus, code, message, retryAfter);
    }

    private static SendResult HttpFallback(int httpStatus, string? code, string? message, TimeSpan? retryAfter)
    {
        string status = httpStatus.ToString(CultureInfo.InvariantCulture);
        if (httpStatus == 429)
        {
            return SendResult.Retry(code ?? "http_429", message ?? "Too many requests.", retryAfter);
        }

        if (httpStatus >= 500)
        {
            // Documented: 5xx means the provider did not take the message, so a resend is safe.
            return SendResult.Retry(code ?? "http_" + status, message ?? $"HTTP {status} before acceptance.", retryAfter);
        }

        return SendResult.Fail(Domain.Messages.ErrorClass.Permanent, code ?? "http_" + status, message ?? $"HTTP {status}.");
    }
}
