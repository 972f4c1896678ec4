using Herald.Domain.Phones;

namespace Herald.Domain.Policy;

/// <summary>Chooses the time zone quiet hours are judged in: the contact's, else the number's, else the workspace's.</summary>
public static class RecipientTimeZone
{
    public static TimeZoneInfo Resolve(string? contactZone, PhoneNumber? phone, TimeZoneInfo workspaceDefault)
    {
        ArgumentNullException.ThrowIfNull(workspaceDefault);
        if (!string.IsNullOrWhiteSpace(contactZone) && TimeZoneInfo.TryFindSystemTimeZoneById(contactZone.Trim(), out TimeZoneInfo? own))
        {
            return own;
        }

        // A number spanning several zones (e.g. a mobile in a large country) takes the first zone this machine knows.
        foreach (string id in phone?.TimeZoneIds ?? [])
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out TimeZoneInfo? inferred))
            {
                return inferred;
            }
        }

        return workspaceDefault;
    }
}
