using Herald.Domain.Messages;
using Herald.Domain.Sms;

namespace Herald.Domain.Policy;

/// <summary>
/// Decides whether a send can succeed before it is attempted (PRODUCT.md §2), listing every reason it cannot.
/// Window and session are judged at the moment the message would go out: the later of now and the requested
/// send time, moved past quiet hours.
/// </summary>
public static partial class Eligibility
{
    public static EligibilityDecision Evaluate(EligibilityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reasons = new List<Reason>();
        DateTimeOffset planned = input.SendAt is { } sendAt && sendAt > input.Now ? sendAt : input.Now;
        DateTimeOffset? deferred = QuietDeferral(input, planned);
        DateTimeOffset goesAt = deferred ?? planned;

        string? text = CheckContent(input, reasons);
        CheckConsent(input, reasons);
        CheckValidity(input, planned, deferred, reasons);

        WindowState? window = null;
        ViberSessionState? session = null;
        SmsAnalysis? sms = null;
        switch (input.Channel)
        {
            case Channel.WhatsApp:
                window = CheckWhatsApp(input, text, goesAt, reasons);
                break;
            case Channel.Viber:
                session = CheckViber(input, text, goesAt, reasons);
                break;
            case Channel.Sms:
                sms = SmsSegments.Analyze(text ?? "");
                CheckLength(input, text, input.Options.MaxSmsLength, reasons);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input.Channel, "Unknown channel.");
        }

        bool allowed = reasons.Count == 0;
        return new EligibilityDecision(allowed, reasons, window, session, sms, input.Template?.StatusForSender,
            text, deferred, allowed ? deferred : null);
    }

    private static DateTimeOffset? QuietDeferral(EligibilityInput input, DateTimeOffset planned)
    {
        EligibilityOptions o = input.Options;
        bool applies = input.Purpose == Purpose.Marketing || o.QuietHoursForTransactional;
        return o.QuietHours is { } quiet && applies ? quiet.DeferUntil(planned, input.RecipientZone) : null;
    }

    internal static string Display(Channel channel) => channel switch
    {
        Channel.WhatsApp => "WhatsApp",
        Channel.Viber => "Viber",
        Channel.Sms => "SMS",
        _ => channel.ToString(),
    };
}
