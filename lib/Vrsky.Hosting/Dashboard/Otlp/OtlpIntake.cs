using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Vrsky.Hosting.Dashboard.Otlp.Proto;
using Vrsky.Hosting.Dashboard.Telemetry;

namespace Vrsky.Hosting.Dashboard.Otlp;

/// <summary>
/// OTLP/HTTP intake (binary protobuf) at <c>/v1/traces</c>, <c>/v1/logs</c> and <c>/v1/metrics</c>, behind the API key
/// the AppHost hands every project in <c>OTEL_EXPORTER_OTLP_HEADERS</c>. Decoded batches go to the <see cref="TelemetryStore"/>.
/// </summary>
internal static class OtlpIntake
{
    public const long MaxBodyBytes = 8 * 1024 * 1024;
    private const string ProtobufContentType = "application/x-protobuf";

    public static void Map(WebApplication app, string apiKey, TelemetryStore store)
    {
        var converter = new OtlpConverter(store.Limits);
        MapSignal(app, "traces", apiKey, ExportTraceServiceRequest.Parser, r => store.AddSpans(converter.Spans(r)));
        MapSignal(app, "logs", apiKey, ExportLogsServiceRequest.Parser, r => store.AddLogs(converter.Logs(r)));
        MapSignal(app, "metrics", apiKey, ExportMetricsServiceRequest.Parser, r => converter.Metrics(r, store));
    }

    private static void MapSignal<T>(WebApplication app, string signal, string apiKey, MessageParser<T> parser, Action<T> accept)
        where T : IMessage<T>
    {
        app.MapPost($"/v1/{signal}", async (HttpContext http) =>
        {
            var key = http.Request.Headers[DashboardServer.OtlpApiKeyHeader].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(apiKey)))
            {
                return Results.Unauthorized();
            }

            if (!(http.Request.ContentType ?? "").StartsWith(ProtobufContentType, StringComparison.OrdinalIgnoreCase))
            {
                return Results.Text($"Only OTLP/HTTP binary protobuf ({ProtobufContentType}) is accepted.", statusCode: StatusCodes.Status415UnsupportedMediaType);
            }

            T request;
            try
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
                request = parser.ParseFrom(body.GetBuffer().AsSpan(0, (int)body.Length));
            }
            catch (InvalidProtocolBufferException e)
            {
                return Results.Text($"Not a valid OTLP {signal} export request: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
            }

            accept(request);
            // An empty Export*ServiceResponse (no partial_success) encodes as zero bytes.
            return Results.Bytes([], ProtobufContentType);
        });
    }
}
