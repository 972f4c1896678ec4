using Herald.Domain.Keys;

namespace Herald.Domain.Tests.Keys;

public class ScopesTests
{
    [Fact]
    public void The_star_grants_everything()
    {
        foreach (string scope in Scopes.Known)
        {
            Assert.True(Scopes.Grants([Scopes.All], scope));
        }
    }

    [Theory]
    [InlineData(Scopes.MessagesWrite, Scopes.MessagesRead)]
    [InlineData(Scopes.TemplatesWrite, Scopes.TemplatesRead)]
    [InlineData(Scopes.ContactsWrite, Scopes.ContactsRead)]
    [InlineData(Scopes.SendersWrite, Scopes.SendersRead)]
    public void Write_also_grants_read(string held, string required)
    {
        Assert.True(Scopes.Grants([held], required));
        Assert.False(Scopes.Grants([required], held));
    }

    [Fact]
    public void A_scope_grants_itself_and_nothing_unrelated()
    {
        Assert.True(Scopes.Grants([Scopes.Sandbox], Scopes.Sandbox));
        Assert.False(Scopes.Grants([Scopes.MessagesWrite], Scopes.TemplatesRead));
        Assert.False(Scopes.Grants([Scopes.MessagesWrite, Scopes.ContactsWrite], Scopes.KeysManage));
        Assert.False(Scopes.Grants([], Scopes.MessagesRead));
    }

    [Fact]
    public void Scope_names_are_case_sensitive()
    {
        Assert.False(Scopes.Grants(["MESSAGES:WRITE"], Scopes.MessagesWrite));
        Assert.False(Scopes.IsKnown("Messages:Read"));
    }

    [Fact]
    public void Known_lists_every_scope()
    {
        Assert.Equal(17, Scopes.Known.Count);
        Assert.Contains(Scopes.All, Scopes.Known);
        Assert.Contains(Scopes.KeysManage, Scopes.Known);
        Assert.True(Scopes.IsKnown("senders:write"));
        Assert.True(Scopes.IsKnown("broadcasts:write"));
        Assert.False(Scopes.IsKnown("billing:read"));
    }
}
