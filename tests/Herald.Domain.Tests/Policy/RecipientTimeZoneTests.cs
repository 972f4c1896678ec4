using Herald.Domain.Phones;
using Herald.Domain.Policy;

namespace Herald.Domain.Tests.Policy;

public class RecipientTimeZoneTests
{
    private static readonly TimeZoneInfo Workspace = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public void The_contact_zone_comes_first()
    {
        TimeZoneInfo zone = RecipientTimeZone.Resolve("Europe/Paris", PhoneNumber.Parse("+12015550123"), Workspace);

        Assert.Equal("Europe/Paris", zone.Id);
    }

    [Fact]
    public void Without_a_contact_zone_the_number_decides()
    {
        Assert.Equal("America/New_York", RecipientTimeZone.Resolve(null, PhoneNumber.Parse("+12015550123"), Workspace).Id);
        Assert.Equal("America/Los_Angeles", RecipientTimeZone.Resolve("", PhoneNumber.Parse("+14155550123"), Workspace).Id);
    }

    [Fact]
    public void An_invalid_contact_zone_falls_back_to_the_number()
    {
        Assert.Equal("America/New_York", RecipientTimeZone.Resolve("Mars/Olympus", PhoneNumber.Parse("+12015550123"), Workspace).Id);
    }

    [Fact]
    public void A_number_spanning_several_zones_takes_the_first_known_one()
    {
        PhoneNumber number = PhoneNumber.Parse("+447400123456");

        Assert.Equal(number.TimeZoneIds[0], RecipientTimeZone.Resolve(null, number, Workspace).Id);
    }

    [Fact]
    public void Without_either_the_workspace_zone_applies()
    {
        Assert.Same(Workspace, RecipientTimeZone.Resolve(null, null, Workspace));
        Assert.Same(Workspace, RecipientTimeZone.Resolve(null, PhoneNumber.Parse("+80012345678"), Workspace));
    }
}
