namespace Herald.Server.Compat.Octopods;

/// <summary><c>Herald:Octopods</c>: the per-key request limit of the Octopods-compatible API (<c>/api/v1</c>).</summary>
public sealed class OctopodsOptions
{
    public const string Section = "Herald:Octopods";

    /// <summary>Requests one API key may make per <see cref="Window"/>; the next gets 429 with Retry-After.</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>The fixed window the limit counts in (default one second).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}
