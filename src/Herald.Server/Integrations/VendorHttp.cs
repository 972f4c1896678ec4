using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Herald.Engine.Notifications;

namespace Herald.Server.Integrations;

/// <summary>One JSON call to a vendor's REST API, classified the way the event fan-out retries.</summary>
public static class VendorHttp
{
    public sealed record Answer(int? Status, JsonNode? Body, string? Error)
    {
        public bool Ok => Status is >= 200 and < 300;

        /// <summary>4xx except 429 is permanent; 429, 5xx and network errors are worth trying again.</summary>
        public SinkResult Failure(string what) => Status is { } s and >= 400 and < 500 and not 429
            ? SinkResult.Permanent(s, $"{what}: HTTP {s} {Error}".Trim())
            : SinkResult.Transient(Status, $"{what}: {(Status is { } t ? "HTTP " + t.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")} {Error}".Trim());
    }

    public static async Task<Answer> SendAsync(
        HttpClient client, HttpMethod method, string url, string token, JsonNode? body, IReadOnlyDictionary<string, string>? headers,
        CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(k, v);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        try
        {
            using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            JsonNode? json = null;
            try
            {
                json = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                json = null;
            }
            var ok = response.StatusCode is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices;
            return new Answer((int)response.StatusCode, json, ok ? null : Trim(text));
        }
        catch (HttpRequestException ex)
        {
            return new Answer(null, null, ex.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Answer(null, null, "timed out");
        }
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] : s;
}
