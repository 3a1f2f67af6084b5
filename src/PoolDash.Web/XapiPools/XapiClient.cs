using System.Net.Http.Json;
using System.Text.Json;

namespace PoolDash.Web.XapiPools;

/// <summary>
/// XAPI's JSON-RPC (v2, <c>POST /jsonrpc</c>) at one host's address: a call answers its <c>result</c> or throws the
/// pool's own error as <see cref="XapiException"/>. Transport failures (refused, reset, timed out) surface as the
/// <see cref="HttpRequestException"/> or cancellation they are: the caller says what they mean.
/// </summary>
public sealed class XapiClient(HttpClient http, Uri host)
{
    private long _id;

    /// <summary>The host this client talks to.</summary>
    public Uri Host { get; } = host;

    public async Task<JsonElement> CallAsync(string method, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        var call = new { jsonrpc = "2.0", method, @params = parameters, id = Interlocked.Increment(ref _id) };
        using var response = await http.PostAsJsonAsync(new Uri(Host, "/jsonrpc"), call, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{Host} answered HTTP {(int)response.StatusCode} to {method}", null, response.StatusCode);
        }

        using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = answer.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            // v2's object, or the array XAPI keeps for errors raised before dispatch (an emergency-mode member).
            throw error.ValueKind == JsonValueKind.Array
                ? new XapiException(error[0].GetString() ?? "", [.. error.EnumerateArray().Skip(1).Select(e => e.ToString())])
                : new XapiException(error.GetProperty("message").GetString() ?? "",
                    error.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array ? [.. data.EnumerateArray().Select(e => e.ToString())] : []);
        }

        return root.GetProperty("result").Clone();
    }

    /// <summary>A pool session at this host: the master answers a session ref, a member <c>HOST_IS_SLAVE</c> with the
    /// master's address (thrown as <see cref="XapiException"/>).</summary>
    public async Task<string> LoginAsync(string userName, string password, CancellationToken cancellationToken) =>
        (await CallAsync("session.login_with_password", [userName, password, "2.21", "PoolDash"], cancellationToken).ConfigureAwait(false)).GetString()!;

    public Task LogoutAsync(string session, CancellationToken cancellationToken) => CallAsync("session.logout", [session], cancellationToken);

    /// <summary>Every record of a class, by ref.</summary>
    public async Task<IReadOnlyDictionary<string, JsonElement>> AllRecordsAsync(string session, string cls, CancellationToken cancellationToken) =>
        (await CallAsync($"{cls}.get_all_records", [session], cancellationToken).ConfigureAwait(false)).EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.Clone());
}
