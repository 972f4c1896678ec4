namespace Herald.Providers.InfobipViber;

/// <summary>What an Infobip Viber send needs to know about one sender (the API key stays with the HTTP client).</summary>
/// <param name="Sender">The Viber sender (service) id on Infobip.</param>
/// <param name="DeliveryReportUrl">Herald's public delivery-report URL for this sender, sent with every message.</param>
/// <param name="SeenReportUrl">Herald's public seen-report URL for this sender, sent with every message.</param>
public sealed record InfobipViberSettings(string Sender, string? DeliveryReportUrl = null, string? SeenReportUrl = null);
