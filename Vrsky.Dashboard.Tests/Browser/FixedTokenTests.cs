extern alias apphost;

using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Vrsky.Hosting.Dashboard.Auth;
using Vrsky.Hosting.Testing;

namespace Vrsky.Dashboard.Tests.Browser;

/// <summary>
/// For scripted use the dashboard token can be fixed through configuration (<c>Dashboard:BrowserToken</c>) instead of
/// drawn at random per run. Starts an AppHost without resources: only its dashboard is under test.
/// </summary>
public sealed class FixedTokenTests
{
    [Fact]
    public async Task AConfiguredTokenIsAcceptedAndARandomOneIsNot()
    {
        const string token = "ScriptedDashboardToken4711";
        var builder = DistributedApplicationTestingBuilder.Create<apphost::Program>();
        builder.Configuration["Dashboard:BrowserToken"] = token;
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        Assert.Equal($"/login?t={token}", app.DashboardLoginUrl!.PathAndQuery);

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.DashboardUrl };
        using (var accepted = await http.GetAsync($"/login?t={token}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
            Assert.Contains(accepted.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"{DashboardAuth.CookieName}={token};", StringComparison.Ordinal));
        }

        using (var refused = await http.GetAsync($"/login?t={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.False(refused.Headers.Contains("Set-Cookie"));
        }

        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        api.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(api)).StatusCode);
    }
}
