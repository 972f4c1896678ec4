using Herald.Engine.Senders;
using Herald.Storage.Rows;

namespace Herald.Server.Integrations;

/// <summary>
/// The client secret and access token are kept encrypted at rest like sender credentials (AES-256-GCM,
/// <c>Herald:Secrets:Key</c>), bound to the integration id. A value that is not Herald's ciphertext is read as given,
/// so rows written as plain text (older rows, fixtures) keep working.
/// </summary>
public sealed class IntegrationSecrets(CredentialVault vault)
{
    public string Protect(string integrationId, string plaintext) => vault.Protect(integrationId, plaintext);

    // What a secret that cannot be read is replaced by: nobody can sign with it (an empty HMAC key would be guessable).
    private static readonly string Unmatchable = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public string ClientSecret(IntegrationRow r) => Reveal(r.Id, r.ClientSecret) is { Length: > 0 } s ? s : Unmatchable;

    public string? AccessToken(IntegrationRow r) => Reveal(r.Id, r.AccessToken);

    /// <summary>The plain value: decrypted, or as stored when it was never encrypted; null when encrypted with another key.</summary>
    private string? Reveal(string id, string? stored) =>
        string.IsNullOrEmpty(stored) ? null : vault.Unprotect(id, stored) ?? (stored.StartsWith("v1:", StringComparison.Ordinal) ? null : stored);
}
