namespace Herald.Domain.Policy;

/// <summary>A contact's consent on one channel.</summary>
/// <param name="OptedOut">True after an opt-out (keyword, provider report or API) not yet lifted.</param>
/// <param name="ChangedAt">When the consent last changed; null if it never did.</param>
public sealed record ConsentState(bool OptedOut, DateTimeOffset? ChangedAt)
{
    /// <summary>No opt-out on record.</summary>
    public static readonly ConsentState Unknown = new(false, null);
}
