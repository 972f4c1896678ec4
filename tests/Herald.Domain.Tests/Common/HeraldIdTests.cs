using System.Text.RegularExpressions;

namespace Herald.Domain.Tests.Common;

public class HeraldIdTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_id_is_the_prefix_and_26_crockford_characters()
    {
        string id = HeraldId.New("msg", Now);

        Assert.Matches(new Regex("^msg_[0-9A-HJKMNP-TV-Z]{26}$"), id);
    }

    [Fact]
    public void The_timestamp_part_follows_the_ulid_encoding()
    {
        // The ULID specification's own example: 1469918176385 ms encodes as 01ARYZ6S41.
        string id = HeraldId.New("x", DateTimeOffset.FromUnixTimeMilliseconds(1469918176385));

        Assert.StartsWith("x_01ARYZ6S41", id, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_sort_by_creation_time_as_ordinal_strings()
    {
        string earlier = HeraldId.New("msg", Now);
        string later = HeraldId.New("msg", Now.AddMilliseconds(1));
        string muchLater = HeraldId.New("msg", Now.AddYears(30));

        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.True(string.CompareOrdinal(later, muchLater) < 0);
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_differ()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => HeraldId.New("msg", Now)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, ids.Count);
    }

    [Fact]
    public void The_creation_time_can_be_read_back()
    {
        string id = HeraldId.New("brd", Now.AddTicks(1234));

        Assert.True(HeraldId.TryGetTimestamp(id, out DateTimeOffset createdAt));
        Assert.Equal(Now, createdAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("msg_short")]
    [InlineData("msg_01ARYZ6S41UUUUUUUUUUUUUUUU")]
    public void Malformed_ids_have_no_timestamp(string? id)
    {
        Assert.False(HeraldId.TryGetTimestamp(id, out _));
    }

    [Fact]
    public void A_blank_prefix_is_refused()
    {
        Assert.Throws<ArgumentException>(() => HeraldId.New(" ", Now));
    }
}
