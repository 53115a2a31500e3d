using System.Diagnostics;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Vrsky.Dashboard.Bench;

/// <summary>Posts export requests to the dashboard's OTLP/HTTP intake as binary protobuf with the API key, one at a time as an SDK exporter does.</summary>
internal sealed class OtlpExporter(Uri dashboard, string apiKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = dashboard };

    public long BytesSent { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public async Task ExportAsync(string signal, IEnumerable<IMessage> requests)
    {
        var clock = Stopwatch.StartNew();
        foreach (var request in requests)
        {
            var body = request.ToByteArray();
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using var message = new HttpRequestMessage(HttpMethod.Post, $"/v1/{signal}") { Content = content };
            message.Headers.Add("x-otlp-api-key", apiKey);
            using var response = await _http.SendAsync(message);
            response.EnsureSuccessStatusCode();
            BytesSent += body.Length;
        }

        Elapsed += clock.Elapsed;
    }

    public void Dispose() => _http.Dispose();
}
