namespace Herald.Domain.Templates;

/// <summary>Meta's quality rating of a template, from recipients' feedback.</summary>
public enum TemplateQuality
{
    /// <summary>Not rated yet.</summary>
    Unknown,

    /// <summary>High quality.</summary>
    Green,

    /// <summary>Medium quality: at risk of being paused.</summary>
    Yellow,

    /// <summary>Low quality: about to be paused.</summary>
    Red,
}
