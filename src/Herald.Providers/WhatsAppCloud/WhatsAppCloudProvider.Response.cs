using System.Text.Json;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;
using static Herald.Providers.Shared.Dispositions;

namespace Herald.Providers.WhatsAppCloud;

public sealed partial class WhatsAppCloudProvider
{
    /// <summary>What a 429 means when its body names no code the table documents.</summary>
    private static ProviderErrorRule TooManyRequests(string? code) =>
        new(code ?? "http_429", Retry, null, null, ProviderErrorAction.SlowSender, "Too many requests.");

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
            return id is null ? SendAnswers.WithoutId(httpStatus, "no_message_id", "a message id") : SendResult.Accepted(id);
        }

        JsonElement error = root.Child("error");
        string? code = error.NumberText("code");
        string? message = error.Child("error_data").Str("details") ?? error.Str("message");
        if (httpStatus == 429)
        {
            return SendAnswers.TooManyRequests(Errors, code, TooManyRequests(code), message, retryAfter);
        }

        // Classify on error.code: Meta's HTTP statuses for the same code differ between copies of its docs.
        if (code is not null && (Errors.Documents(code) || httpStatus < 500))
        {
            return Errors.For(code).ToResult(message, retryAfter);
        }

        // Documented: 5xx means the provider did not take the message, so a resend is safe.
        return SendAnswers.ByHttpStatus(httpStatus, code, message, retryAfter);
    }
}
