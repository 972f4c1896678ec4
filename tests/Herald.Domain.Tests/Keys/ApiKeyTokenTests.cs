using System.Text;
using Herald.Domain.Keys;

namespace Herald.Domain.Tests.Keys;

public class ApiKeyTokenTests
{
    [Fact]
    public void A_generated_key_has_the_prefix_random_part_and_checksum()
    {
        ApiKeyToken token = ApiKeyToken.Generate();

        Assert.Equal(41, token.Value.Length);
        Assert.StartsWith("hrld_", token.Value, StringComparison.Ordinal);
        Assert.Matches("^hrld_[0-9A-Za-z]{36}$", token.Value);
        Assert.Equal(token.Value[..12], token.DisplayPrefix);
    }

    [Fact]
    public void Generated_keys_parse_back()
    {
        ApiKeyToken token = ApiKeyToken.Generate();

        Assert.True(ApiKeyToken.TryParse(token.Value, out ApiKeyToken? parsed));
        Assert.Equal(token.Value, parsed.Value);
    }

    [Fact]
    public void Generated_keys_are_unique()
    {
        var values = Enumerable.Range(0, 500).Select(_ => ApiKeyToken.Generate().Value).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(500, values.Count);
    }

    [Fact]
    public void A_tampered_key_fails_its_checksum()
    {
        string value = ApiKeyToken.Generate().Value;
        string randomTampered = value[..10] + (value[10] == 'a' ? 'b' : 'a') + value[11..];
        string checksumTampered = value[..^1] + (value[^1] == 'a' ? 'b' : 'a');

        Assert.False(ApiKeyToken.TryParse(randomTampered, out _));
        Assert.False(ApiKeyToken.TryParse(checksumTampered, out _));
    }

    [Fact]
    public void The_checksum_is_base62_crc32_of_the_random_part()
    {
        string random = new('A', 30);
        uint crc = Crc32.Compute(Encoding.ASCII.GetBytes(random));
        string value = "hrld_" + random + Base62.Encode(crc, 6);

        Assert.True(ApiKeyToken.TryParse(value, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hrld_")]
    [InlineData("ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000")]
    [InlineData("HRLD_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000")]
    [InlineData("hrld_AAAAAAAAAAAAAAAAAAAAAAAAAAAAA-000000")]
    [InlineData("my-bootstrap-key")]
    public void Keys_not_in_the_format_do_not_parse(string? value)
    {
        Assert.False(ApiKeyToken.TryParse(value, out ApiKeyToken? token));
        Assert.Null(token);
    }

    [Fact]
    public void ToString_never_reveals_the_secret()
    {
        ApiKeyToken token = ApiKeyToken.Generate();

        Assert.Equal(token.DisplayPrefix + "…", token.ToString());
        Assert.DoesNotContain(token.Value, $"{token}", StringComparison.Ordinal);
    }

    [Fact]
    public void The_hash_is_lowercase_hex_sha256_of_any_presented_value()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyToken.Hash("abc"));
        Assert.Equal(64, ApiKeyToken.Hash("my-bootstrap-key").Length);
    }

    [Fact]
    public void Any_key_has_a_display_prefix()
    {
        Assert.Equal("my-bootstrap", ApiKeyToken.DisplayPrefixOf("my-bootstrap-key"));
        Assert.Equal("short", ApiKeyToken.DisplayPrefixOf("short"));
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Base62_pads_to_a_fixed_width()
    {
        Assert.Equal("000000", Base62.Encode(0, 6));
        Assert.Equal("00000z", Base62.Encode(61, 6));
        Assert.Equal("000010", Base62.Encode(62, 6));
        Assert.Equal("4gfFC3", Base62.Encode(uint.MaxValue, 6));
    }
}
