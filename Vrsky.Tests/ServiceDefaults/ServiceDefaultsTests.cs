using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Vrsky.Tests.ServiceDefaults;

/// <summary>A real web host with the service defaults, on a free loopback port.</summary>
public sealed class ServiceDefaultsTests
{
    private static async Task<(WebApplication App, HttpClient Http)> StartAsync(Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        configure(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    [Fact]
    public async Task ServiceWhoseDatabaseIsUnreachableIsUnhealthyButAlive()
    {
        var (app, http) = await StartAsync(b =>
        {
            b.Configuration["ConnectionStrings:db"] = "Host=127.0.0.1;Port=1;Username=postgres;Password=secret-value;Timeout=2";
            b.AddNpgsqlDataSource("db");
        });
        await using (app)
        {
            var health = await http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            var body = await health.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(body);
            var db = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "db");
            Assert.Equal("Unhealthy", db.GetProperty("status").GetString());
            Assert.DoesNotContain("secret-value", body);

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);
        }
    }

    [Fact]
    public async Task MetricsEndpointServesRequestDurationsInPrometheusFormat()
    {
        var (app, http) = await StartAsync(_ => { });
        await using (app)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Contains("# TYPE http_server_request_duration histogram", metrics);
            Assert.Matches("http_server_request_duration_count\\{[^}]*http_route=\"/alive\"[^}]*\\} 1", metrics);
            Assert.Contains("le=\"+Inf\"", metrics);
        }
    }

    [Fact]
    public void MissingConnectionStringStopsStartupNamingIt()
    {
        var builder = WebApplication.CreateBuilder();
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddRabbitMQConnection("rabbitmq"));
        Assert.Contains("ConnectionStrings__rabbitmq", error.Message);
    }
}
