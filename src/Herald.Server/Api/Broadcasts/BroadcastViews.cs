using System.Text.Json;
using Herald.Engine.Broadcasts;
using Herald.Storage.Rows;

namespace Herald.Server.Api.Broadcasts;

public sealed record ProgressView(
    IReadOnlyDictionary<string, long> Counts, long Total, long Pending, long Queued, long Sending, long Sent, long Delivered, long Read,
    long Failed, long Expired, long Cancelled, long Skipped, long Invalid, long Duplicate, long Handed, double RatePerSecond, DateTimeOffset? Eta)
{
    public static ProgressView From(Progress p)
    {
        long C(string s) => p.Counts.GetValueOrDefault(s);
        return new(p.Counts, p.Total, C("pending"), C("queued") + C("scheduled") + C("deferred"), C("sending"), C("sent"), C("delivered"),
            C("read"), C("failed"), C("expired"), C("cancelled"), C("skipped"), C("invalid"), C("duplicate"), p.Handed, p.RatePerSecond, p.Eta);
    }
}

public sealed record BroadcastView(
    string Id, string Name, string State, string? PausedBy, string? StateReason, string Channel, string Purpose,
    IReadOnlyList<string> Senders, JsonElement Content, JsonElement? Audience, string? QuietHours, double? MaxRate, long? Validity,
    double ErrorThreshold, DateTimeOffset? SendAt, DateTimeOffset? WaitingUntil, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, ProgressView? Progress)
{
    public static BroadcastView From(BroadcastRow b, Progress? progress = null) => new(
        b.Id, b.Name, b.State, b.PausedBy, b.StateReason, b.Channel, b.Purpose,
        JsonSerializer.Deserialize<List<string>>(b.SenderIds) ?? [], Parse(b.Content)!.Value, Parse(b.Audience), b.QuietHours, b.MaxRate,
        b.ValidityMs / 1000, b.ErrorThreshold, Time(b.SendAt), b.WaitUntil is { } w && b.State == "running" ? Time(w) : null,
        Time(b.CreatedAt)!.Value, Time(b.UpdatedAt)!.Value, Time(b.StartedAt), Time(b.CompletedAt),
        progress is null ? null : ProgressView.From(progress));

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}

public sealed record BroadcastPage(IReadOnlyList<BroadcastView> Data, string? NextCursor);

public sealed record AudienceView(long Rows, long Recipients, long Invalid, long Duplicates);

public sealed record PreviewView(
    PreviewCounts Counts, IReadOnlyList<SampleView> Samples, SmsView? Sms, Forecast? Forecast, IReadOnlyList<string> Problems);

public sealed record PreviewCounts(long Total, long Valid, long Invalid, long Duplicate, long OptedOut);

public sealed record SampleView(long Row, string Phone, string? Sender, string? Text, JsonElement? Parameters, int? Segments, string? Encoding);

public sealed record SmsView(IReadOnlyDictionary<string, long> Encodings, IReadOnlyDictionary<string, long> Segments);

/// <summary>One ledger line: the audience row and what became of it.</summary>
public sealed record RecipientView(
    long Row, string InputPhone, string? Phone, string Status, string? Sender, string? MessageId, string? ErrorClass, string? ErrorCode,
    string? ErrorMessage, bool InDoubt, long Retries, DateTimeOffset? UpdatedAt)
{
    public static RecipientView From(LedgerRow r) => new(
        r.Seq, r.RawPhone, r.Phone, r.Status ?? r.State, r.SenderId, r.MessageId, r.ErrorClass, r.ErrorCode, r.ErrorMessage, r.InDoubt == 1,
        r.Tries, r.UpdatedAt is { } u ? DateTimeOffset.FromUnixTimeMilliseconds(u) : null);
}

public sealed record RecipientPage(IReadOnlyList<RecipientView> Data, string? NextCursor);

public sealed record RetryView(long Retried, BroadcastView Broadcast);
