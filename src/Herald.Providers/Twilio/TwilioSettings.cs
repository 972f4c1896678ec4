namespace Herald.Providers.Twilio;

/// <summary>What a Twilio send needs to know about one sender (the auth token stays with the HTTP client).</summary>
/// <param name="AccountSid">The account, <c>AC…</c>, the path segment of sends.</param>
/// <param name="From">The sending number in E.164 (without <c>whatsapp:</c>); null when a Messaging Service picks it.</param>
/// <param name="MessagingServiceSid">The Messaging Service, <c>MG…</c>, used when <paramref name="From"/> is null.</param>
/// <param name="StatusCallbackUrl">Herald's public status-callback URL for this sender, sent on every message.</param>
public sealed record TwilioSettings(string AccountSid, string? From, string? MessagingServiceSid = null, string? StatusCallbackUrl = null);
