using Herald.Providers.Contracts;

namespace Herald.Providers.Shared;

/// <summary>Short names for the two dispositions an error table row can have (<c>using static</c> in the tables).</summary>
internal static class Dispositions
{
    /// <summary>The provider did not take it: retry later.</summary>
    public const SendDisposition Retry = SendDisposition.RetryLater;

    /// <summary>The provider refused it for good.</summary>
    public const SendDisposition Fail = SendDisposition.Failed;
}
