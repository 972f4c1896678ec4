using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Herald.Domain;
using Herald.Domain.Phones;
using Herald.Engine.Sending;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Engine.Senders;

/// <summary>A sender as a client writes it; on update, absent fields keep their value and given settings/credentials merge in.</summary>
public sealed record SenderInput(
    string? Name = null,
    string? Channel = null,
    string? Provider = null,
    string? Address = null,
    bool? IsDefault = null,
    double? RatePerSecond = null,
    bool? RatePerSegment = null,
    string? MessagingTier = null,
    double? PairRateSeconds = null,
    IReadOnlyDictionary<string, string?>? Settings = null,
    IReadOnlyDictionary<string, string?>? Credentials = null);

/// <summary>A sender's settings and decrypted credentials, as adapters and webhook checks need them.</summary>
public sealed record SenderKeys(IReadOnlyDictionary<string, string> Settings, IReadOnlyDictionary<string, string> Credentials)
{
    public string? Setting(string name) => Settings.GetValueOrDefault(name);

    public string? Credential(string name) => Credentials.GetValueOrDefault(name);
}

/// <summary>Creates, changes and removes senders; credentials are encrypted before they are stored.</summary>
public sealed class SenderService(WorkspaceStore store, SenderDirectory directory, CredentialVault vault, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (string? Config, string? Credentials, SenderKeys Keys)> _keys = new(StringComparer.Ordinal);

    /// <summary>The settings and credentials of a sender, decrypted once per version of the row.</summary>
    public SenderKeys KeysOf(SenderRow s)
    {
        if (_keys.TryGetValue(s.Id, out var cached) && cached.Config == s.Config && cached.Credentials == s.Credentials)
        {
            return cached.Keys;
        }
        var keys = new SenderKeys(ReadMap(s.Config), s.Credentials is null ? new Dictionary<string, string>() : ReadMap(vault.Unprotect(s.Id, s.Credentials)));
        _keys[s.Id] = (s.Config, s.Credentials, keys);
        return keys;
    }

    public async Task<(SenderRow? Sender, IReadOnlyList<Reason> Problems)> CreateAsync(string workspaceId, SenderInput input, CancellationToken ct = default)
    {
        var problems = new List<Reason>();
        if (input.Provider is null || !SenderProfiles.All.TryGetValue(input.Provider, out var profile))
        {
            problems.Add(new Reason(input.Provider is null ? "missing_field" : "unknown_provider",
                $"'provider' must be one of {string.Join(", ", SenderProfiles.All.Keys)}.", "provider"));
            return (null, problems);
        }
        var channel = input.Channel ?? (profile.Channels.Count == 1 ? profile.Channels[0] : null);
        if (channel is null || !profile.Channels.Contains(channel))
        {
            problems.Add(new Reason(channel is null ? "missing_field" : "provider_channel_mismatch",
                $"A {profile.Provider} sender sends on {string.Join(" or ", profile.Channels)}; set 'channel' to one of them.", "channel"));
        }
        var now = clock.GetUtcNow();
        var row = new SenderRow
        {
            Id = HeraldId.New("snd", now), WorkspaceId = workspaceId, Channel = channel ?? "", Provider = profile.Provider,
            Name = input.Name ?? "", Address = "", CreatedAt = now.ToUnixTimeMilliseconds(), UpdatedAt = now.ToUnixTimeMilliseconds(),
            RatePerSecond = profile.DefaultRate, PerSegment = channel == "sms" ? 1 : 0,
        };
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            problems.Add(new Reason("missing_field", "Give the sender a 'name' people will recognise, e.g. \"Support WhatsApp\".", "name"));
        }
        Apply(row, profile, input, new Dictionary<string, string>(), new Dictionary<string, string>(), problems, creating: true);
        if (problems.Count > 0)
        {
            return (null, problems);
        }
        await store.InsertSenderAsync(row, ct).ConfigureAwait(false);
        directory.Invalidate();
        return (row, []);
    }

    public async Task<(SenderRow? Sender, IReadOnlyList<Reason> Problems)> UpdateAsync(
        string workspaceId, string id, SenderInput input, CancellationToken ct = default)
    {
        var row = await store.SenderAsync(id, ct).ConfigureAwait(false);
        if (row is null || row.WorkspaceId != workspaceId)
        {
            return (null, []);
        }
        var problems = new List<Reason>();
        if (input.Provider is not null && input.Provider != row.Provider)
        {
            problems.Add(new Reason("sender_provider_immutable", "A sender's provider cannot change; create a new sender instead.", "provider"));
        }
        if (input.Channel is not null && input.Channel != row.Channel)
        {
            problems.Add(new Reason("sender_channel_immutable", "A sender's channel cannot change; create a new sender instead.", "channel"));
        }
        if (input.Name is { } name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                problems.Add(new Reason("invalid_field", "'name' cannot be empty.", "name"));
            }
            row.Name = name;
        }
        var keys = KeysOf(row);
        Apply(row, SenderProfiles.All[row.Provider], input, new Dictionary<string, string>(keys.Settings, StringComparer.Ordinal),
            new Dictionary<string, string>(keys.Credentials, StringComparer.Ordinal), problems, creating: false);
        if (problems.Count > 0)
        {
            return (null, problems);
        }
        row.UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await store.UpdateSenderAsync(row, ct).ConfigureAwait(false);
        directory.Invalidate();
        return (row, []);
    }

    public async Task<bool> DeleteAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        var deleted = await store.DeleteSenderAsync(workspaceId, id, ct).ConfigureAwait(false);
        directory.Invalidate();
        return deleted;
    }

    private void Apply(SenderRow row, SenderProfile profile, SenderInput input, Dictionary<string, string> settings,
        Dictionary<string, string> credentials, List<Reason> problems, bool creating)
    {
        if (input.Address is not null || creating)
        {
            row.Address = NormalizeAddress(profile, row.Channel, input.Address, input.Settings, problems) ?? row.Address;
        }
        if (input.IsDefault is { } d)
        {
            row.IsDefault = d ? 1 : 0;
        }
        if (input.RatePerSecond is { } rate)
        {
            if (rate is < 0.01 or > 100_000 || double.IsNaN(rate))
            {
                problems.Add(new Reason("invalid_field", "'rate_per_second' must be between 0.01 and 100000 messages per second.", "rate_per_second"));
            }
            row.RatePerSecond = rate;
        }
        if (input.RatePerSegment is { } perSegment)
        {
            if (perSegment && row.Channel != "sms")
            {
                problems.Add(new Reason("invalid_field", "'rate_per_segment' applies to SMS senders only.", "rate_per_segment"));
            }
            row.PerSegment = perSegment ? 1 : 0;
        }
        if (input.MessagingTier is { } tier)
        {
            if (row.Channel != "whatsapp" || !SenderProfiles.MessagingTiers.ContainsKey(tier))
            {
                problems.Add(new Reason("invalid_field",
                    $"'messaging_tier' is for WhatsApp senders and must be one of {string.Join(", ", SenderProfiles.MessagingTiers.Keys)}.", "messaging_tier"));
            }
            row.MessagingTier = tier;
        }
        if (input.PairRateSeconds is { } pair)
        {
            if (pair is < 0 or > 86_400 || double.IsNaN(pair))
            {
                problems.Add(new Reason("invalid_field", "'pair_rate_seconds' (least seconds between two messages to the same person) must be 0–86400.", "pair_rate_seconds"));
            }
            row.PairRateSeconds = pair == 0 ? null : pair;
        }
        Merge(profile.Settings, input.Settings, settings, "settings", problems);
        Merge(profile.Credentials, input.Credentials, credentials, "credentials", problems);
        if (row.Provider == SenderProfiles.Twilio && !settings.ContainsKey("messaging_service_sid") && !row.Address.StartsWith('+'))
        {
            problems.Add(new Reason("invalid_field",
                "A Twilio sender sends from its 'address' (an E.164 number such as +14155550100) unless settings.messaging_service_sid is given.", "address"));
        }
        row.Config = settings.Count == 0 ? null : JsonSerializer.Serialize(settings);
        row.Credentials = credentials.Count == 0 ? null : vault.Protect(row.Id, JsonSerializer.Serialize(credentials));
    }

    private static string? NormalizeAddress(SenderProfile profile, string channel, string? address, IReadOnlyDictionary<string, string?>? settings, List<Reason> problems)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            if (profile.Provider == SenderProfiles.Twilio && settings?.GetValueOrDefault("messaging_service_sid") is { } mg)
            {
                return mg;
            }
            problems.Add(new Reason("missing_field", channel == "viber"
                ? "'address' is the Viber sender name customers see (your Infobip Viber sender id)."
                : "'address' is the business phone number in E.164, e.g. +14155550100.", "address"));
            return null;
        }
        if (channel is "sms" or "whatsapp" && !(profile.Provider == SenderProfiles.Twilio && address.StartsWith("MG", StringComparison.Ordinal)))
        {
            if (PhoneNumber.TryParse(address, out var phone, out _))
            {
                return phone.E164;
            }
            // Providers hand out test numbers (Meta's +1 555…) that numbering plans call invalid: E.164 shape is enough here.
            var compact = new string([.. address.Where(ch => ch is not (' ' or '-' or '(' or ')'))]);
            if (System.Text.RegularExpressions.Regex.IsMatch(compact, "^\\+[1-9][0-9]{6,14}$"))
            {
                return compact;
            }
            problems.Add(new Reason("invalid_phone_number", $"'{address}' is not a phone number; write the business number in E.164, e.g. +14155550100.", "address"));
            return null;
        }
        return address.Trim();
    }

    private static void Merge(IReadOnlyDictionary<string, SettingRule> rules, IReadOnlyDictionary<string, string?>? given,
        Dictionary<string, string> into, string field, List<Reason> problems)
    {
        foreach (var (name, value) in given ?? new Dictionary<string, string?>())
        {
            if (!rules.TryGetValue(name, out var rule))
            {
                problems.Add(new Reason("unknown_field", rules.Count == 0
                    ? $"This provider takes no {field}; remove '{field}.{name}'."
                    : $"'{field}.{name}' is not a setting of this provider; it takes {string.Join(", ", rules.Keys)}.", $"{field}.{name}"));
                continue;
            }
            if (string.IsNullOrWhiteSpace(value))
            {
                if (rule.Required)
                {
                    problems.Add(new Reason("invalid_field", $"'{field}.{name}' is required and cannot be empty.", $"{field}.{name}"));
                }
                into.Remove(name);
                continue;
            }
            if (!rule.Matches(value.Trim()))
            {
                problems.Add(new Reason("invalid_field", $"'{field}.{name}' must be {rule.Meaning}.", $"{field}.{name}"));
                continue;
            }
            into[name] = value.Trim();
        }
        foreach (var (name, rule) in rules.Where(r => r.Value.Required && !into.ContainsKey(r.Key)))
        {
            if (!problems.Any(p => p.Field == $"{field}.{name}"))
            {
                problems.Add(new Reason("missing_field", $"'{field}.{name}' is required: {rule.Meaning}.", $"{field}.{name}"));
            }
        }
    }

    private static Dictionary<string, string> ReadMap(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A rate as text for messages ("80/s").</summary>
    public static string Rate(double r) => r.ToString("0.##", CultureInfo.InvariantCulture) + "/s";
}
