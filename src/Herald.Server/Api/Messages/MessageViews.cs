using System.Text.Json;
using Herald.Domain.Policy;
using Herald.Domain.Sms;
using Herald.Domain.Templates;
using Herald.Engine.Sending;
using Herald.Storage.Rows;

namespace Herald.Server.Api.Messages;

public sealed record ErrorView(string? Class, string? Code, string? Message);

public sealed record TemplateUse(string? Id, string? Name, string? Language, JsonElement? Parameters);

public sealed record TimelineStep(string Type, DateTimeOffset At, JsonElement? Detail);

/// <summary>A message as the API shows it.</summary>
public sealed record MessageView(
    string Id, string Status, string Direction, string Channel, string Sender, string To, string Purpose, string Kind,
    string? Text, TemplateUse? Template, string? Encoding, long? Segments, ErrorView? Error, bool InDoubt, bool LateFailure,
    DateTimeOffset? SendAt, DateTimeOffset? ExpiresAt, long Attempts, string? ProviderMessageId, JsonElement? Metadata,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<TimelineStep>? Timeline)
{
    public static MessageView From(MessageRow m, IReadOnlyList<EventRow>? events = null) => new(
        m.Id, m.Status, m.Direction, m.Channel, m.SenderId, m.Phone, m.Purpose, m.Kind, m.Body,
        m.Kind == "template" ? new TemplateUse(m.TemplateId, m.TemplateName, m.TemplateLanguage, ParametersView(m.Parameters)) : null,
        m.Encoding, m.Segments,
        m.ErrorCode is null && m.ErrorClass is null ? null : new ErrorView(m.ErrorClass, m.ErrorCode, m.ErrorMessage),
        m.InDoubt == 1, m.LateFailure == 1, Time(m.SendAt), Time(m.ExpiresAt), m.Attempts, m.ProviderMessageId, Parse(m.Metadata),
        DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(m.UpdatedAt),
        events?.Select(e => new TimelineStep(e.Type, DateTimeOffset.FromUnixTimeMilliseconds(e.At), Parse(e.Detail))).ToList());

    /// <summary>
    /// Template parameters in the request's own shape (a list or a name → value object for the body alone, else
    /// <c>{"header", "body", "buttons", "header_media_url"}</c>), not the storage encoding.
    /// </summary>
    public static JsonElement? ParametersView(string? stored)
    {
        if (stored is null)
        {
            return null;
        }
        var p = TemplateCodec.DeserializeParameters(stored);
        static object? Set(ParameterSet s) => s.Named is { Count: > 0 } named ? named : s.Positional is { Count: > 0 } list ? list : null;
        object? view = p.Header.IsEmpty && p.Buttons.Count == 0 && p.HeaderMediaUrl is null
            ? Set(p.Body)
            : new Dictionary<string, object?>
            {
                ["header"] = Set(p.Header),
                ["body"] = Set(p.Body),
                ["buttons"] = p.Buttons.Count == 0 ? null
                    : Enumerable.Range(0, p.Buttons.Keys.Max() + 1).Select(i => p.Buttons.TryGetValue(i, out var b) ? Set(b) : null).ToList(),
                ["header_media_url"] = p.HeaderMediaUrl,
            }.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
        return view is null ? null : JsonSerializer.SerializeToElement(view);
    }

    public static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    public static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}

public sealed record ReasonView(string Code, string Message, string? Field);

public sealed record WindowView(bool Open, DateTimeOffset? OpenedAt, DateTimeOffset? ClosesAt, string Summary);

public sealed record ViberSessionView(bool Open, DateTimeOffset? ClosesAt, int MessagesUsed, int MessagesInARow, int RemainingMessages);

/// <summary>What POST /v1/messages/check answers: the decision, every reason, and the facts behind it.</summary>
public sealed record CheckView(
    bool Allowed, IReadOnlyList<ReasonView> Reasons, string Channel, string To, string? Sender, WindowView? Window,
    ViberSessionView? ViberSession, string? TemplateStatus, string? Encoding, int? Segments, int? Characters, string? RenderedText,
    DateTimeOffset? DeferredUntil, DateTimeOffset? NextAllowedAt)
{
    public static CheckView From(Evaluated e, DateTimeOffset now)
    {
        var d = e.Decision;
        return new CheckView(d.Allowed, [.. d.Reasons.Select(r => new ReasonView(r.Code, r.Message, r.Field))],
            Herald.Domain.Messages.Wire.Name(e.Command.Channel), e.Command.Phone.E164, e.Sender?.Id, WindowOf(d.Window, now),
            d.ViberSession is { } v ? new ViberSessionView(v.IsOpen, v.ClosesAt, v.MessagesUsed, v.MessagesInARow, v.RemainingMessages) : null,
            d.TemplateStatus?.ToString().ToUpperInvariant(), EncodingName(d.Sms), d.Sms?.Segments, d.Sms?.Length, d.RenderedText,
            d.DeferredUntil, d.NextAllowedAt);
    }

    public static string? EncodingName(SmsAnalysis? s) => s is null ? null : s.Encoding == SmsEncoding.Gsm7 ? "gsm7" : "ucs2";

    public static WindowView? WindowOf(WindowState? w, DateTimeOffset now) => w is null ? null : new WindowView(
        w.IsOpen, w.OpenedAt, w.ClosesAt,
        w.IsOpen && w.ClosesAt is { } closes
            ? $"open, closes in {Span(closes - now)}"
            : "closed: template required");

    private static string Span(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : $"{Math.Max(0, t.Minutes)} min";
}

public sealed record MessagePage(IReadOnlyList<MessageView> Data, string? NextCursor);

/// <summary>The body of a rule refusal's extra fields, reused by send and check.</summary>
public static class RefusalExtras
{
    public static Dictionary<string, object?> For(Evaluated e, DateTimeOffset now) => new()
    {
        ["window"] = CheckView.WindowOf(e.Decision.Window, now),
        ["template_status"] = e.Decision.TemplateStatus?.ToString().ToUpperInvariant(),
    };
}
