namespace Herald.Domain.Templates;

/// <summary>What a template header shows.</summary>
public enum HeaderFormat
{
    /// <summary>Up to 60 characters of text with at most one variable.</summary>
    Text,

    /// <summary>An image whose URL is given at send time.</summary>
    Image,

    /// <summary>A video whose URL is given at send time.</summary>
    Video,

    /// <summary>A document whose URL is given at send time.</summary>
    Document,
}
