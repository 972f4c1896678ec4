using Herald.Domain.Templates;
using static Herald.Domain.Wording;

namespace Herald.Domain.Policy;

public static partial class Eligibility
{
    // Returns the text that would be sent: the free text, or the preview of the rendered template.
    private static string? CheckContent(EligibilityInput input, List<Reason> reasons)
    {
        bool hasText = !string.IsNullOrWhiteSpace(input.Text);
        if (input.Kind == ContentKind.Text ? input.Template is not null : hasText)
        {
            reasons.Add(new("content_ambiguous",
                "Give either text or a template, not both: a template carries its own text.", "text"));
        }

        if (input.Kind == ContentKind.Text)
        {
            if (!hasText)
            {
                reasons.Add(new("content_missing", "The message has no text: give the text to send, or a template.", "text"));
            }

            return hasText ? input.Text : null;
        }

        if (input.Template is not { } template)
        {
            reasons.Add(new("template_not_found",
                "The template was not found for this sender: check its name and language, or create and sync it first.", "template"));
            return null;
        }

        (RenderedTemplate? rendered, IReadOnlyList<Reason> problems) =
            TemplateRenderer.Render(template.Definition, input.Parameters ?? TemplateParameters.None);
        reasons.AddRange(problems);
        return rendered?.PreviewText;
    }

    private static void CheckConsent(EligibilityInput input, List<Reason> reasons)
    {
        if (!input.Consent.OptedOut)
        {
            return;
        }

        string since = input.Consent.ChangedAt is { } at ? $" on {Moments.Date(at)}" : "";
        reasons.Add(new("opted_out",
            $"{input.Phone} opted out of {Display(input.Channel)}{since}; they must opt back in (reply START) before you can message them on this channel.",
            "to"));
    }

    private static void CheckValidity(EligibilityInput input, DateTimeOffset planned, DateTimeOffset? deferred, List<Reason> reasons)
    {
        if (input.ExpiresAt is not { } expires)
        {
            return;
        }

        if (expires <= planned)
        {
            reasons.Add(new("validity_elapsed",
                $"The message expires at {Moments.Format(expires)}, before it could be sent ({Moments.Format(planned)}): set a later expiry or an earlier send time.",
                "expires_at"));
        }
        else if (deferred is { } until && expires <= until)
        {
            reasons.Add(new("validity_elapsed",
                $"The message expires at {Moments.Format(expires)}, but quiet hours hold it until {Moments.Format(until)}: set a later expiry or a send time outside quiet hours.",
                "expires_at"));
        }
    }

    private static void CheckLength(EligibilityInput input, string? text, int max, List<Reason> reasons)
    {
        if (text is null || text.Length <= max)
        {
            return;
        }

        reasons.Add(new("body_too_long",
            $"The text is {Count(text.Length, "character")} long; {Display(input.Channel)} allows at most {Number(max)}. Shorten it or split it into several messages.",
            input.Kind == ContentKind.Text ? "text" : "parameters"));
    }

    private static void CheckApproval(EligibilityInput input, List<Reason> reasons)
    {
        if (input.Kind != ContentKind.Template || input.Template is not { } t || t.StatusForSender == TemplateStatus.Approved)
        {
            return;
        }

        string name = $"Template '{t.Definition.Name}' ({t.Definition.Language})";
        string why = string.IsNullOrWhiteSpace(t.StatusReason) ? "" : $" (reason: {t.StatusReason.Trim()})";
        string message = t.StatusForSender is { } status
            ? $"{name} is {Upper(status)} for this sender{why}; only APPROVED templates can be sent. {Advice(status)}"
            : $"{name} has no approval for this sender; only APPROVED templates can be sent. Submit it for this sender and wait for approval.";
        reasons.Add(new("template_not_approved", message, "template"));
    }

    private static string Advice(TemplateStatus status) => status switch
    {
        TemplateStatus.Pending => "Wait for the review to finish, or use another approved template.",
        TemplateStatus.Rejected => "Edit it and submit it again, or use another approved template.",
        TemplateStatus.Paused => "Wait until it is approved again, or use another approved template.",
        _ => "Create a new template; a disabled one cannot be sent again.",
    };
}
