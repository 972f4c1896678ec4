namespace Herald.Engine.Sandbox;

/// <summary>How the sandbox treats a number; see docs/sandbox.md for the list.</summary>
public enum SandboxBehaviour
{
    /// <summary>sent, delivered, read after the configured delays.</summary>
    Normal,

    /// <summary>+12015550100: accepted and sent, then fails for good (like a carrier's "undeliverable").</summary>
    FailPermanently,

    /// <summary>+12015550101: every send attempt fails transiently until the retries are exhausted.</summary>
    FailTransiently,

    /// <summary>+12015550102: the first two attempts fail transiently, the third goes through.</summary>
    FailTwiceThenDeliver,

    /// <summary>+12015550103: accepted and sent, never delivered.</summary>
    NeverDelivered,
}

public static class SandboxNumbers
{
    public const string FailPermanently = "+12015550100";
    public const string FailTransiently = "+12015550101";
    public const string FailTwiceThenDeliver = "+12015550102";
    public const string NeverDelivered = "+12015550103";

    public static SandboxBehaviour For(string e164) => e164 switch
    {
        FailPermanently => SandboxBehaviour.FailPermanently,
        FailTransiently => SandboxBehaviour.FailTransiently,
        FailTwiceThenDeliver => SandboxBehaviour.FailTwiceThenDeliver,
        NeverDelivered => SandboxBehaviour.NeverDelivered,
        _ => SandboxBehaviour.Normal,
    };
}
