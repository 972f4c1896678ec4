using Herald.Domain.Sms;
using Herald.Domain.Templates;

namespace Herald.Domain.Policy;

/// <summary>Whether a send may go and every reason it may not, with the facts the decision rested on.</summary>
/// <param name="Allowed">True when there is no reason to refuse.</param>
/// <param name="Reasons">Every refusal reason, not only the first.</param>
/// <param name="Window">WhatsApp only: the window at the moment the message would go out.</param>
/// <param name="ViberSession">Viber only: the session at the moment the message would go out.</param>
/// <param name="Sms">SMS only: encoding and segments of the text that would be sent.</param>
/// <param name="TemplateStatus">The template's status for this sender, for template sends.</param>
/// <param name="RenderedText">The text that would be sent: the free text or the rendered template's preview.</param>
/// <param name="DeferredUntil">When quiet hours hold the message back, the instant they end.</param>
/// <param name="NextAllowedAt">
/// Set only when the send is allowed but deferred (equals <paramref name="DeferredUntil"/>). Null otherwise, because
/// no refusal clears by the clock alone: a closed window or session needs the contact to write, in-a-row needs a reply.
/// </param>
public sealed record EligibilityDecision(
    bool Allowed,
    IReadOnlyList<Reason> Reasons,
    WindowState? Window,
    ViberSessionState? ViberSession,
    SmsAnalysis? Sms,
    TemplateStatus? TemplateStatus,
    string? RenderedText,
    DateTimeOffset? DeferredUntil,
    DateTimeOffset? NextAllowedAt);
