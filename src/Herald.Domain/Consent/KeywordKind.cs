namespace Herald.Domain.Consent;

/// <summary>What an inbound message asks for when its whole text is a consent keyword.</summary>
public enum KeywordKind
{
    /// <summary>An ordinary message.</summary>
    None,

    /// <summary>STOP and friends: record the opt-out for the channel and confirm once.</summary>
    OptOut,

    /// <summary>START, UNSTOP, YES: lift the opt-out and confirm once.</summary>
    OptIn,

    /// <summary>HELP, INFO: reply with the help text.</summary>
    Help,
}
