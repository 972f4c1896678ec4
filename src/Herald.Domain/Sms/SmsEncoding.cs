namespace Herald.Domain.Sms;

/// <summary>How an SMS body is encoded on the air; decides how many characters fit in a segment.</summary>
public enum SmsEncoding
{
    /// <summary>GSM 03.38 7-bit alphabet: 160 septets single, 153 per part.</summary>
    Gsm7,

    /// <summary>UTF-16: 70 code units single, 67 per part; one non-GSM character forces it.</summary>
    Ucs2,
}
