using Herald.Domain.Messages;
using Herald.Domain.Sms;
using Herald.Domain.Templates;
using Herald.Engine.Senders;
using Herald.Storage.Rows;

namespace Herald.Engine.Broadcasts;

/// <summary>One personalized message as a recipient would get it.</summary>
public sealed record PreviewSample(long Row, string Phone, string? SenderId, string? Text, TemplateParameters? Parameters, int? Segments, string? Encoding);

/// <summary>When the run would end at the senders' limits (and the broadcast's maximum rate).</summary>
public sealed record Forecast(double RatePerSecond, double DurationSeconds, DateTimeOffset StartAt, DateTimeOffset FinishAt, string? Note);

/// <summary>
/// The audience as it would be sent now: every row counted once as valid, invalid, duplicate or opted out
/// (rows whose variables cannot be filled count as invalid), rendered samples, SMS encodings and segments, and the forecast.
/// </summary>
public sealed record Preview(
    long Total, long Valid, long Invalid, long Duplicates, long OptedOut,
    IReadOnlyList<PreviewSample> Samples,
    IReadOnlyDictionary<string, long>? Encodings,
    IReadOnlyDictionary<int, long>? Segments,
    Forecast? Forecast,
    IReadOnlyList<string> Problems);

public sealed partial class BroadcastService
{
    public async Task<Preview> PreviewAsync(BroadcastRow b, int samples, CancellationToken ct)
    {
        var plan = new BroadcastPlan(b);
        var counts = await store.RecipientCountsAsync(b.Id, ct).ConfigureAwait(false);
        long valid = 0, optedOut = 0, unfilled = 0, segmentsTotal = 0;
        var encodings = new Dictionary<string, long>(StringComparer.Ordinal);
        var segments = new SortedDictionary<int, long>();
        var list = new List<PreviewSample>(samples);
        var isSms = plan.Channel == Channel.Sms && plan.Content.Template is null;
        await foreach (var r in store.PendingForPreviewAsync(b.WorkspaceId, b.Id, b.Channel, ct).ConfigureAwait(false))
        {
            if (r.OptedOut)
            {
                optedOut++;
                continue;
            }
            var (text, parameters, missing) = plan.Render(BroadcastPlan.Values(r.Variables));
            if (missing is not null)
            {
                unfilled++;
                continue;
            }
            valid++;
            SmsAnalysis? sms = null;
            if (isSms && text is not null)
            {
                sms = SmsSegments.Analyze(text);
                var enc = sms.Encoding == SmsEncoding.Gsm7 ? "gsm7" : "ucs2";
                encodings[enc] = encodings.GetValueOrDefault(enc) + 1;
                segments[sms.Segments] = segments.GetValueOrDefault(sms.Segments) + 1;
                segmentsTotal += sms.Segments;
            }
            if (list.Count < samples)
            {
                list.Add(new PreviewSample(r.Seq, r.Phone, plan.StickySender(r.Phone), text, parameters, sms?.Segments,
                    sms is null ? null : sms.Encoding == SmsEncoding.Gsm7 ? "gsm7" : "ucs2"));
            }
        }
        var problems = new List<string>();
        if (b.Audience is null)
        {
            problems.Add("The broadcast has no audience yet: upload a CSV to PUT /v1/broadcasts/{id}/audience or choose contacts.");
        }
        if (await monitor.TemplateProblemAsync(plan, ct).ConfigureAwait(false) is { } templateProblem)
        {
            problems.Add(templateProblem);
        }
        var total = counts.Values.Sum();
        var invalid = counts.GetValueOrDefault("invalid") + unfilled;
        var avgSegments = isSms && valid > 0 ? (double)segmentsTotal / valid : 1;
        var forecast = await ForecastAsync(plan, valid, avgSegments, ct).ConfigureAwait(false);
        return new Preview(total, valid, invalid, counts.GetValueOrDefault("duplicate"), optedOut, list,
            isSms ? encodings : null, isSms ? segments : null, forecast, problems);
    }

    /// <summary>Time to hand every valid recipient over at the pool's combined rate (per segment for SMS senders that count so).</summary>
    private async Task<Forecast?> ForecastAsync(BroadcastPlan plan, long valid, double avgSegments, CancellationToken ct)
    {
        double rate = 0;
        long? tier = null;
        foreach (var id in plan.SenderIds)
        {
            if (await senders.ByIdAsync(id, ct).ConfigureAwait(false) is not { } s)
            {
                continue;
            }
            rate += s.PerSegment == 1 ? s.RatePerSecond / Math.Max(1, avgSegments) : s.RatePerSecond;
            if (plan.Channel == Channel.WhatsApp && plan.Content.Template is not null
                && s.MessagingTier is not null && SenderProfiles.MessagingTiers.GetValueOrDefault(s.MessagingTier) is { } t)
            {
                tier = (tier ?? 0) + t;
            }
        }
        if (plan.Row.MaxRate is { } max)
        {
            rate = Math.Min(rate, max);
        }
        if (rate <= 0)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var start = plan.Row.SendAt is { } at && at > now.ToUnixTimeMilliseconds() ? DateTimeOffset.FromUnixTimeMilliseconds(at) : now;
        var seconds = valid / rate;
        string? note = null;
        if (tier is { } budget && valid > budget)
        {
            // Each 24 h the messaging limit lets another tier's worth of new users through.
            var days = Math.Ceiling((double)(valid - budget) / budget);
            seconds = Math.Max(seconds, days * 86_400);
            note = $"The senders' WhatsApp messaging limit ({budget} users per 24 h) spreads this audience over {days + 1} days.";
        }
        if (plan.QuietHours is not null || (!plan.QuietHoursOff && options.Value.QuietHours is { Length: > 0 } && plan.Purpose == Purpose.Marketing))
        {
            note = (note is null ? "" : note + " ") + "Quiet hours may defer recipients to their local morning; the forecast does not include that.";
        }
        return new Forecast(Math.Round(rate, 2), Math.Round(seconds, 1), start, start + TimeSpan.FromSeconds(seconds), note);
    }
}
