using static Herald.Domain.Wording;

namespace Herald.Domain.Policy;

public static partial class Eligibility
{
    private static WindowState CheckWhatsApp(EligibilityInput input, string? text, DateTimeOffset goesAt, List<Reason> reasons)
    {
        EligibilityOptions o = input.Options;
        WindowState window = WhatsAppWindow.Evaluate(input.Conversation.LastInboundAt, goesAt, o.WhatsAppWindowLength);
        if (input.Kind == ContentKind.Text)
        {
            if (!window.IsOpen)
            {
                reasons.Add(new("window_closed", WindowClosed(input, window, goesAt), "text"));
            }

            CheckLength(input, text, o.MaxWhatsAppTextLength, reasons);
        }

        CheckApproval(input, reasons);
        return window;
    }

    private static string WindowClosed(EligibilityInput input, WindowState window, DateTimeOffset goesAt)
    {
        string hours = Moments.Hours(input.Options.WhatsAppWindowLength);
        const string Fix = "Send an approved template instead; free text is allowed again once the contact writes.";
        if (window.ClosesAt is not { } closes)
        {
            return $"The {hours}-hour customer-service window is closed: this contact has never written to this WhatsApp number. {Fix}";
        }

        return closes > input.Now
            ? $"The {hours}-hour customer-service window closes at {Moments.Format(closes)}, before the message would go out at {Moments.Format(goesAt)}. Send it sooner or use an approved template."
            : $"The {hours}-hour customer-service window is closed: the contact last wrote at {Moments.Format(window.OpenedAt!.Value)}, more than {hours} hours ago. {Fix}";
    }

    private static ViberSessionState CheckViber(EligibilityInput input, string? text, DateTimeOffset goesAt, List<Reason> reasons)
    {
        ViberSessionOptions v = input.Options.Viber;
        ConversationState c = input.Conversation;
        ViberSessionState session = ViberSession.Evaluate(
            c.LastInboundAt, c.BusinessMessagesSinceInbound, c.BusinessMessagesInARow, goesAt, v);
        if (input.Kind == ContentKind.Text && !session.IsOpen)
        {
            reasons.Add(new("viber_session_closed",
                $"No Viber session is open: the contact has not written in the last {Moments.Hours(v.Length)} hours. A business-initiated message needs an approved template.",
                "text"));
        }
        else if (input.Kind == ContentKind.Text && session.MessagesUsed >= v.MaxMessages)
        {
            reasons.Add(new("viber_session_exhausted",
                $"This Viber session has used all {Count(v.MaxMessages, "business message")}: send an approved template, or wait for the contact to write again.",
                "text"));
        }

        // Outside a session every message is business-initiated, so the in-a-row limit only binds inside one.
        if (session.IsOpen && session.MessagesInARow >= v.MaxInARow)
        {
            reasons.Add(new("viber_too_many_in_a_row",
                $"{Count(session.MessagesInARow, "business message")} went to this contact in a row without a reply; Viber allows {v.MaxInARow}. Wait for the contact to reply before sending more.",
                "to"));
        }

        CheckLength(input, text, input.Options.MaxViberTextLength, reasons);
        CheckApproval(input, reasons);
        return session;
    }
}
