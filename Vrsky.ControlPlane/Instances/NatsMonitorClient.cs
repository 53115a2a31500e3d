using System.Text.Json.Serialization;

namespace Vrsky.ControlPlane.Instances;

/// <summary>The fields of nats-server's <c>/varz</c> the autoscaler uses.</summary>
public sealed record Varz(
    [property: JsonPropertyName("now")] DateTimeOffset Now,
    [property: JsonPropertyName("in_msgs")] long InMsgs,
    [property: JsonPropertyName("out_msgs")] long OutMsgs,
    [property: JsonPropertyName("connections")] int Connections,
    [property: JsonPropertyName("mem")] long Mem);

/// <summary>
/// The fields of <c>/connz</c> the autoscaler uses: <c>total</c> counts every open connection, whereas
/// <c>num_connections</c> counts only those listed on the page (the autoscaler asks for a page of one).
/// </summary>
public sealed record Connz([property: JsonPropertyName("total")] int Total);

/// <summary>Reads an instance's monitoring port (<c>/healthz</c>, <c>/varz</c>, <c>/connz</c>), each call bounded by a timeout.</summary>
public sealed class NatsMonitorClient(HttpClient http)
{
    public async Task<bool> IsHealthyAsync(string monitorUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"{monitorUrl}/healthz", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    public Task<Varz> GetVarzAsync(string monitorUrl, CancellationToken cancellationToken) => GetAsync<Varz>($"{monitorUrl}/varz", cancellationToken);

    public Task<Connz> GetConnzAsync(string monitorUrl, CancellationToken cancellationToken) => GetAsync<Connz>($"{monitorUrl}/connz?limit=1", cancellationToken);

    private async Task<T> GetAsync<T>(string url, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<T>(url, cancellationToken) ?? throw new InvalidOperationException($"{url} returned nothing.");
}
