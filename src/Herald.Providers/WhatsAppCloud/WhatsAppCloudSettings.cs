namespace Herald.Providers.WhatsAppCloud;

/// <summary>What the Cloud API send needs to know about one WhatsApp sender (credentials stay with the HTTP client).</summary>
/// <param name="PhoneNumberId">Meta's phone-number id of the business number, the path segment of sends.</param>
/// <param name="ApiVersion">The Graph API version in the path, e.g. <c>v23.0</c>.</param>
public sealed record WhatsAppCloudSettings(string PhoneNumberId, string ApiVersion = "v23.0");
