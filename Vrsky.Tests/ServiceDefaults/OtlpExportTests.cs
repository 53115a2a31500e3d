using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vrsky.Tests.ServiceDefaults;

public sealed class OtlpExportTests
{
    private sealed record Received(string Path, string ContentType, string ApiKey, byte[] Body);

    [Fact]
    public async Task ServiceExportsTracesMetricsAndLogsOverOtlpHttpWithTheConfiguredHeader()
    {
        var received = new ConcurrentBag<Received>();
        await using var intake = await StartAsync(b => { }, app => app.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            received.Add(new Received(http.Request.Path, http.Request.ContentType ?? "", http.Request.Headers["x-otlp-api-key"].ToString(), body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        }));

        var service = await StartAsync(b =>
        {
            b.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = intake.Url;
            b.Configuration["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=test-key";
            b.Configuration["OTEL_SERVICE_NAME"] = "otlp-test-service";
            b.AddServiceDefaults();
        }, app => app.MapGet("/hello", (ILogger<OtlpExportTests> log) =>
        {
            log.LogInformation("said hello to the exporter");
            return "hello";
        }));
        using (var http = new HttpClient { BaseAddress = new Uri(service.Url) })
        {
            Assert.Equal("hello", await http.GetStringAsync("/hello"));
        }

        // Stopping flushes every exporter, so all three signals have arrived once it returns.
        await service.DisposeAsync();

        Assert.Equal(["/v1/logs", "/v1/metrics", "/v1/traces"], received.Select(r => r.Path).Distinct().Order());
        Assert.All(received, r =>
        {
            Assert.Equal("application/x-protobuf", r.ContentType);
            Assert.Equal("test-key", r.ApiKey);
        });
        Assert.Contains(received, r => r.Path == "/v1/traces" && Encoding.UTF8.GetString(r.Body).Contains("otlp-test-service") && Encoding.UTF8.GetString(r.Body).Contains("/hello"));
        Assert.Contains(received, r => r.Path == "/v1/logs" && Encoding.UTF8.GetString(r.Body).Contains("said hello to the exporter"));
    }

    private sealed class RunningApp(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url { get; } = url;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<RunningApp> StartAsync(Action<WebApplicationBuilder> configure, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        configure(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningApp(app, address);
    }
}
