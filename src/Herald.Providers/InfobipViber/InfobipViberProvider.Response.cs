using System.Text.Json;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.InfobipViber;

public sealed partial class InfobipViberProvider
{
    /// <inheritdoc />
    public SendResult ReadSendResponse(int httpStatus, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
        ReadResponse(httpStatus, body.ToArray(), retryAfter);

    /// <summary>Reads a send answer: <c>messages[0].messageId</c> unless its status group is REJECTED; error codes otherwise.</summary>
    public static SendResult ReadResponse(int httpStatus, ReadOnlyMemory<byte> body, TimeSpan? retryAfter)
    {
        using JsonDocument? doc = JsonWire.TryParse(body);
        JsonElement root = doc?.RootElement ?? default;
        if (httpStatus is >= 200 and < 300)
        {
            JsonElement m = root.Items("messages").FirstOrDefault();
            string? id = m.Str("messageId");
            if (id is null)
            {
                return SendAnswers.WithoutId(httpStatus, "no_message_id", "a message id");
            }

            JsonElement s = m.Child("status");
            // Status group 5 is REJECTED: taken by the API but refused for sending.
            return s.NumberText("groupId") == "5"
                ? SendResult.Fail(ErrorClass.Permanent, s.Str("name") ?? "REJECTED", s.Str("description") ?? "Rejected.") with { ProviderMessageId = id }
                : SendResult.Accepted(id);
        }

        string? code = root.Str("errorCode") ?? root.Child("requestError").Child("serviceException").Str("messageId");
        string? message = root.Str("description") ?? root.Child("requestError").Child("serviceException").Str("text");
        if (httpStatus == 429)
        {
            return SendAnswers.TooManyRequests(Errors, code, Errors.For("E429"), message, retryAfter);
        }

        return code is not null && Errors.Documents(code)
            ? Errors.For(code).ToResult(message, retryAfter)
            : SendAnswers.ByHttpStatus(httpStatus, code, message, retryAfter);
    }
}
