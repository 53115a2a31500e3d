using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Vrsky.Dashboard.Tests.Infrastructure;
using Vrsky.Dashboard.Tests.Telemetry;

namespace Vrsky.Dashboard.Tests.Browser;

/// <summary>
/// Whoever holds the OTLP API key can send any bytes as ids: a record the pages cannot render would break them for
/// as long as it is kept, so the running AppHost must take it and keep answering.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class MalformedTelemetryTests(DashboardFixture fixture)
{
    private const string Service = "malformed-ids-test";

    [Fact]
    public async Task LogRecordsWithShortTraceIdsLeaveTheStructuredLogsPageWorking()
    {
        using var http = new HttpClient { BaseAddress = fixture.App.DashboardUrl };
        foreach (var length in new[] { 1, 2, 3 })
        {
            var request = OtlpConverterTests.LogRequest(Service, $"record with a {length}-byte trace id", ByteString.CopyFrom(new byte[length]), ByteString.CopyFrom(new byte[3]));
            using var content = new ByteArrayContent(request.ToByteArray());
            content.Headers.ContentType = new("application/x-protobuf");
            using var export = new HttpRequestMessage(HttpMethod.Post, "/v1/logs") { Content = content };
            export.Headers.Add("x-otlp-api-key", OtlpApiKey());
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(export)).StatusCode);
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.App.DashboardToken);
        foreach (var path in new[] { "/structuredlogs", $"/structuredlogs?resource={Service}" })
        {
            using var page = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("record with a 2-byte trace id", await page.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The key as the AppHost hands it to every project.</summary>
    private string OtlpApiKey()
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetSnapshot("tokenworker", out var worker));
        const string prefix = "x-otlp-api-key=";
        var headers = worker.Environment["OTEL_EXPORTER_OTLP_HEADERS"];
        Assert.StartsWith(prefix, headers, StringComparison.Ordinal);
        return headers[prefix.Length..];
    }
}
