namespace Herald.Domain.Templates;

/// <summary>Approval status of a template for one sender; only <see cref="Approved"/> can be sent.</summary>
public enum TemplateStatus
{
    /// <summary>Submitted, waiting for review.</summary>
    Pending,

    /// <summary>Approved: the only sendable status.</summary>
    Approved,

    /// <summary>Refused at review; edit and resubmit.</summary>
    Rejected,

    /// <summary>Paused for low quality; broadcasts using it pause until it is approved again.</summary>
    Paused,

    /// <summary>Disabled for repeated low quality; cannot be sent again.</summary>
    Disabled,
}
