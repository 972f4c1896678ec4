namespace Herald.Domain.Policy;

/// <summary>What a send carries.</summary>
public enum ContentKind
{
    /// <summary>Free text: on WhatsApp and Viber only inside a window or session.</summary>
    Text,

    /// <summary>A template: needs approval on WhatsApp and Viber; on SMS it is only rendered.</summary>
    Template,
}
