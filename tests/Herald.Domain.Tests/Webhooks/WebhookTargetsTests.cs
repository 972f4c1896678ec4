using System.Net;
using Herald.Domain.Webhooks;

namespace Herald.Domain.Tests.Webhooks;

public class WebhookTargetsTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::1")]
    public void Private_loopback_and_link_local_addresses_are_refused_by_default(string address)
    {
        Assert.False(new WebhookTargets().AddressAllowed(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    public void Public_addresses_are_allowed(string address)
    {
        Assert.True(new WebhookTargets().AddressAllowed(IPAddress.Parse(address)));
    }

    [Fact]
    public void The_allow_list_takes_addresses_ranges_and_host_names()
    {
        var t = new WebhookTargets(["127.0.0.1", "10.0.0.0/8", "hooks.internal", "fd00::/8"]);

        Assert.True(t.AddressAllowed(IPAddress.Parse("127.0.0.1")));
        Assert.False(t.AddressAllowed(IPAddress.Parse("127.0.0.2")));
        Assert.True(t.AddressAllowed(IPAddress.Parse("10.200.3.4")));
        Assert.False(t.AddressAllowed(IPAddress.Parse("192.168.1.1")));
        Assert.True(t.AddressAllowed(IPAddress.Parse("fd00::5")));
        Assert.True(t.HostAllowed("HOOKS.internal"));
        Assert.False(t.HostAllowed("other.internal"));
    }

    [Theory]
    [InlineData("https://example.com/hooks", true)]
    [InlineData("http://example.com:8080/x?y=1", true)]
    [InlineData("ftp://example.com/x", false)]
    [InlineData("https://user:pass@example.com/x", false)]
    [InlineData("https://example.com/x#frag", false)]
    [InlineData("/relative", false)]
    [InlineData("", false)]
    public void Only_absolute_http_urls_without_credentials_are_accepted(string url, bool ok)
    {
        Assert.Equal(ok, WebhookTargets.FormProblem(url, out _) is null);
    }
}
