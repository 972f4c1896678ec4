using Herald.Domain.Phones;

namespace Herald.Domain.Tests.Phones;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("+12015550123", "+12015550123", "US")]
    [InlineData("+1 (201) 555-0123", "+12015550123", "US")]
    [InlineData("+1.201.555.0123", "+12015550123", "US")]
    [InlineData("  +1 201 555 0123  ", "+12015550123", "US")]
    [InlineData("+447700900123", "+447700900123", "GB")]
    [InlineData("+44 7400 123456", "+447400123456", "GB")]
    [InlineData("+49 1511 2345678", "+4915112345678", "DE")]
    public void International_numbers_parse_to_E164(string input, string e164, string region)
    {
        Assert.True(PhoneNumber.TryParse(input, out PhoneNumber? number, out Reason? error));
        Assert.Null(error);
        Assert.Equal(e164, number.E164);
        Assert.Equal(region, number.RegionCode);
        Assert.Equal(e164, number.ToString());
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("2015550123")]
    [InlineData("+1 201 555 012")]
    [InlineData("+1 201 555 0123 ext 4")]
    [InlineData("+1-201-ABC-0123")]
    [InlineData("++12015550123")]
    [InlineData("+1")]
    [InlineData("+999 123 456 789")]
    [InlineData("+1234567890123456")]
    public void Anything_else_is_refused_as_invalid_phone(string input)
    {
        Assert.False(PhoneNumber.TryParse(input, out PhoneNumber? number, out Reason? error));
        Assert.Null(number);
        Assert.Equal("invalid_phone", error!.Code);
        Assert.Contains("E.164", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusal_quotes_the_input_and_shows_an_example()
    {
        PhoneNumber.TryParse("12345", out _, out Reason? error);

        Assert.Equal(
            "'12345' is not a valid phone number: write it in international E.164 form with the country code, e.g. +14155550123.",
            error!.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_number_is_refused(string? input)
    {
        Assert.False(PhoneNumber.TryParse(input, out _, out Reason? error));
        Assert.Equal("invalid_phone", error!.Code);
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_throws_with_the_reason_for_an_invalid_number()
    {
        var ex = Assert.Throws<FormatException>(() => PhoneNumber.Parse("12345"));
        Assert.Contains("'12345'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_equal_by_their_E164_form()
    {
        PhoneNumber a = PhoneNumber.Parse("+1 (201) 555-0123");
        PhoneNumber b = PhoneNumber.Parse("+12015550123");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, PhoneNumber.Parse("+447700900123"));
    }

    [Fact]
    public void A_number_knows_its_time_zones()
    {
        Assert.Equal(["America/New_York"], PhoneNumber.Parse("+12015550123").TimeZoneIds);
        Assert.Equal(["America/Los_Angeles"], PhoneNumber.Parse("+14155550123").TimeZoneIds);
    }

    [Fact]
    public void A_fictional_uk_number_takes_the_uk_time_zone()
    {
        Assert.Equal(["Europe/London"], PhoneNumber.Parse("+447700900123").TimeZoneIds);
    }

    [Fact]
    public void A_non_geographic_number_has_region_ZZ_and_no_time_zone()
    {
        PhoneNumber freephone = PhoneNumber.Parse("+80012345678");

        Assert.Equal("ZZ", freephone.RegionCode);
        Assert.Empty(freephone.TimeZoneIds);
    }
}
