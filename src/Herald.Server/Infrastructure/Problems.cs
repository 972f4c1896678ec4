using Herald.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Herald.Server.Infrastructure;

/// <summary>RFC 9457 problem details with a stable <c>code</c> and a sentence a person can act on.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ProblemHttpResult Create(int status, string code, string detail, IDictionary<string, object?>? extra = null)
    {
        var p = new ProblemDetails
        {
            Status = status,
            Title = Title(status),
            Detail = detail,
            Type = "urn:herald:problem:" + code,
        };
        p.Extensions["code"] = code;
        if (extra is not null)
        {
            // Facts that do not apply (no window on SMS, no template on free text) are left out, like null fields elsewhere.
            foreach (var (k, v) in extra.Where(e => e.Value is not null))
            {
                p.Extensions[k] = v;
            }
        }
        return TypedResults.Problem(p);
    }

    public static ProblemHttpResult NotFound(string what, string id) =>
        Create(404, "not_found", $"No {what} with id '{id}' exists in this workspace.");

    public static ProblemHttpResult Validation(IReadOnlyList<Reason> errors) => errors.Count == 1
        ? Create(400, errors[0].Code, errors[0].Message, new Dictionary<string, object?> { ["errors"] = Shape(errors) })
        : Create(400, "validation_failed", $"The request has {errors.Count} problems: " + string.Join(" ", errors.Select(e => e.Message)),
            new Dictionary<string, object?> { ["errors"] = Shape(errors) });

    /// <summary>A refusal by the rules: the first reason gives the code and sentence, <c>reasons</c> lists all of them.</summary>
    public static ProblemHttpResult Refused(IReadOnlyList<Reason> reasons, IDictionary<string, object?>? extra = null)
    {
        var all = new Dictionary<string, object?>(extra ?? new Dictionary<string, object?>()) { ["reasons"] = Shape(reasons) };
        var more = reasons.Count > 1 ? $" ({reasons.Count - 1} more reason{(reasons.Count > 2 ? "s" : "")} in 'reasons'.)" : "";
        return Create(422, reasons[0].Code, reasons[0].Message + more, all);
    }

    public static IReadOnlyList<object> Shape(IEnumerable<Reason> reasons) =>
        [.. reasons.Select(r => new { code = r.Code, message = r.Message, field = r.Field })];

    public static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable content",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => status >= 500 ? "Internal server error" : "Error",
    };

    public static string DefaultCode(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "body_too_large",
        415 => "unsupported_media_type",
        503 => "unavailable",
        _ => status >= 500 ? "internal_error" : "error",
    };

    public static string DefaultDetail(int status) => status switch
    {
        404 => "There is nothing at this address; see /docs for the API reference.",
        405 => "This address does not take that HTTP method; see /docs for the API reference.",
        413 => "The request body is too large; the API takes JSON bodies up to 256 KiB.",
        _ when status >= 500 => "Herald hit an unexpected error; nothing was changed. Try again, and report it if it persists.",
        _ => Title(status),
    };
}
