using System.Globalization;

namespace Herald.Server.Compat.Octopods;

/// <summary>Which Octopods endpoint family answers: the numeric error codes are scoped per family.</summary>
public enum OctopodsFamily
{
    /// <summary><c>/api/v1/whatsapp/*</c>.</summary>
    WhatsApp,

    /// <summary><c>/api/v1/sms/*</c>.</summary>
    Sms,

    /// <summary><c>/api/v1/vbm/*</c>.</summary>
    Vbm,
}

/// <summary>Octopods' error names and their numeric code per family, and the bodies of 400, 401, 403 and 429 answers.</summary>
public static class OctopodsErrors
{
    public const string ArgumentMissing = "ARGUMENT_MISSING";
    public const string TypeMismatch = "TYPE_MISMATCH";
    public const string EmptyBody = "EMPTY_BODY";
    public const string TemplateNotExist = "TEMPLATE_NOT_EXIST";
    public const string VariablesSize = "VARIABLES_SIZE";
    public const string PhoneInvalid = "PHONE_INVALID";
    public const string DeprecatedApiKey = "DEPRECATED_API_KEY";
    public const string InvalidHeader = "INVALID_HEADER";

    /// <summary>Octopods' code 9 (a plain array for a template with non-body variables); the docs give it no name.</summary>
    public const string VariablesFormat = "VARIABLES_FORMAT";

    /// <summary>Herald's own: one of Herald's rules refused the send (opt-out, window, session...).</summary>
    public const string MessageRefused = "MESSAGE_REFUSED";

    private const string RequestIdItem = "octopods.request_id";

    // WhatsApp and VBM share the documented WhatsApp numbering; SMS has its own (EMPTY_BODY 2, PHONE_INVALID 3, key 5).
    private static readonly Dictionary<string, int> TemplateCodes = new(StringComparer.Ordinal)
    {
        [ArgumentMissing] = 1, [TypeMismatch] = 2, [TemplateNotExist] = 3, [VariablesSize] = 4, [PhoneInvalid] = 5,
        [DeprecatedApiKey] = 6, [InvalidHeader] = 8, [VariablesFormat] = 9, [MessageRefused] = 10,
    };

    private static readonly Dictionary<string, int> SmsCodes = new(StringComparer.Ordinal)
    {
        [ArgumentMissing] = 1, [EmptyBody] = 2, [PhoneInvalid] = 3, [DeprecatedApiKey] = 5, [TypeMismatch] = 6, [MessageRefused] = 10,
    };

    public static int Code(OctopodsFamily family, string name) =>
        (family == OctopodsFamily.Sms ? SmsCodes : TemplateCodes).TryGetValue(name, out var code) ? code
            : throw new ArgumentOutOfRangeException(nameof(name), name, "no such error in this family");

    /// <summary>The request's id (a UUID), made on first use and echoed in the <c>X-Request-Id</c> header.</summary>
    public static string RequestId(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items[RequestIdItem] is string id)
        {
            return id;
        }
        id = Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture);
        http.Items[RequestIdItem] = id;
        http.Response.Headers["X-Request-Id"] = id;
        return id;
    }

    /// <summary>400 <c>{"request_id", "error_code", "error"}</c>, plus Herald's reason code when a rule refused the send.</summary>
    public static IResult Error(HttpContext http, OctopodsFamily family, string name, string error, string? heraldReason = null) =>
        TypedResults.Json(new OctopodsError(RequestId(http), Code(family, name), error, heraldReason), statusCode: 400);

    /// <summary>An answer outside the 400 family (401, 403, 429): no numeric code, only the request id and a sentence.</summary>
    public static IResult Status(HttpContext http, int status, string error) =>
        TypedResults.Json(new OctopodsStatusError(RequestId(http), error), statusCode: status);
}

/// <summary>Octopods' error body; <c>reason</c> (Herald's stable code) is only present when a Herald rule refused the send.</summary>
public sealed record OctopodsError(string RequestId, int ErrorCode, string Error, string? Reason = null);

/// <summary>The body of 401, 403 and 429 answers.</summary>
public sealed record OctopodsStatusError(string RequestId, string Error);
