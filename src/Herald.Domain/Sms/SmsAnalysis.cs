namespace Herald.Domain.Sms;

/// <summary>Encoding and segment count of an SMS body; segments are what carriers bill and rate-limit.</summary>
/// <param name="Encoding">GSM-7 when every character is in the GSM alphabet, else UCS-2.</param>
/// <param name="Units">Septets for GSM-7 (extension characters count 2) or UTF-16 code units for UCS-2.</param>
/// <param name="Segments">Parts the message is sent in; 1 for an empty body.</param>
/// <param name="UnitsPerSegment">160 or 153 for GSM-7, 70 or 67 for UCS-2, for single or multi-part.</param>
/// <param name="Length">Characters as a person sees them (an emoji counts 1).</param>
public sealed record SmsAnalysis(SmsEncoding Encoding, int Units, int Segments, int UnitsPerSegment, int Length);
