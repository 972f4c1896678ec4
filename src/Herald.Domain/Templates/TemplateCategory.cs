namespace Herald.Domain.Templates;

/// <summary>Meta's template category; it sets pricing and which messaging limits apply.</summary>
public enum TemplateCategory
{
    /// <summary>Promotions, offers, re-engagement.</summary>
    Marketing,

    /// <summary>Updates about something the customer did or asked for (orders, appointments).</summary>
    Utility,

    /// <summary>One-time passcodes.</summary>
    Authentication,
}
