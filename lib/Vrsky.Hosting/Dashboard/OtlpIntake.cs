using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Vrsky.Hosting.Dashboard;

/// <summary>
/// OTLP/HTTP (protobuf) intake that the services export to. It authenticates exporters and accepts batches so
/// they never fail or retry; decoding and displaying the telemetry is the dashboard's work (a later step).
/// </summary>
internal static class OtlpIntake
{
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    public static void Map(WebApplication app, string apiKey)
    {
        foreach (var signal in new[] { "traces", "metrics", "logs" })
        {
            app.MapPost($"/v1/{signal}", async (HttpContext http) =>
            {
                var key = http.Request.Headers[DashboardServer.OtlpApiKeyHeader].ToString();
                if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(apiKey)))
                {
                    return Results.Unauthorized();
                }

                await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted).ConfigureAwait(false);
                // An empty Export*ServiceResponse message encodes as zero bytes.
                return Results.Bytes([], "application/x-protobuf");
            });
        }
    }
}
