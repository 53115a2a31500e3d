using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Auth;

[Collection(ChatCollection.Name)]
public sealed class AuthTests(ChatFixture fixture)
{
    [Fact]
    public async Task AccessTokenIsAnEs256JwtWithKeyIdIssuerAudienceAndFifteenMinuteExpiry()
    {
        var user = await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway);
        var parts = user.AccessToken.Split('.');
        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        using var payload = JsonDocument.Parse(Base64Url(parts[1]));

        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(header.RootElement.GetProperty("kid").GetString()));
        Assert.Equal("vrsky-gateway", payload.RootElement.GetProperty("iss").GetString());
        Assert.Equal("vrsky-chat", payload.RootElement.GetProperty("aud").GetString());
        var lifetime = payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64();
        Assert.Equal(15 * 60, lifetime);
    }

    [Fact]
    public async Task ATokenFromOneReplicaWorksOnTheOther()
    {
        using var replica0 = new HttpClient { BaseAddress = fixture.Replicas[0] };
        var name = ChatApiClient.NewName();
        Assert.Equal(HttpStatusCode.Created, (await replica0.PostAsJsonAsync("/v1/auth/register", new { username = name, password = ChatApiClient.Password })).StatusCode);
        var token = (await ChatApiClient.LoginAsync(replica0, name)).GetProperty("accessToken").GetString();

        using var replica1 = new HttpClient { BaseAddress = fixture.Replicas[1] };
        replica1.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await replica1.GetAsync("/v1/chats")).StatusCode);
    }

    [Fact]
    public async Task ARefreshTokenCannotCallTheApi()
    {
        var user = await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway);
        using var http = new HttpClient { BaseAddress = fixture.Gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.RefreshToken);

        var response = await http.GetAsync("/v1/chats");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RefreshRotatesAndAReusedRefreshTokenRevokesTheFamily()
    {
        var user = await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway);
        using var http = new HttpClient { BaseAddress = fixture.Gateway };

        var first = await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = user.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var rotated = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString();
        Assert.NotEqual(user.RefreshToken, rotated);

        // The spent token comes back (stolen copy): refused, and the rotated one dies with its family.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = user.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = rotated })).StatusCode);
    }

    [Fact]
    public async Task LogoutRevokesTheRefreshToken()
    {
        var user = await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway);
        using var http = user.Http(fixture.Gateway);

        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsJsonAsync("/v1/auth/logout", new { refreshToken = user.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = user.RefreshToken })).StatusCode);
    }

    [Fact]
    public async Task TamperedAndUnsignedTokensAreRejected()
    {
        var user = await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway);
        var parts = user.AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url(parts[1])).Replace($"\"sub\":\"{user.Id}\"", "\"sub\":\"1\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{ToBase64Url(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
        var unsigned = $"{ToBase64Url("{\"alg\":\"none\",\"typ\":\"at+jwt\"}"u8.ToArray())}.{parts[1]}.";

        foreach (var token in new[] { tampered, unsigned, user.AccessToken[..^4] + "AAAA", "garbage" })
        {
            using var http = new HttpClient { BaseAddress = fixture.Gateway };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/chats")).StatusCode);
        }
    }

    [Fact]
    public async Task BadInputGetsProblemDetailsNeverAServerError()
    {
        using var http = new HttpClient { BaseAddress = fixture.Gateway };
        var cases = new (string Body, HttpStatusCode Expected)[]
        {
            ("{not json", HttpStatusCode.BadRequest),
            ("{\"username\": 5, \"password\": []}", HttpStatusCode.BadRequest),
            ("{\"username\": \"ab\", \"password\": \"short\"}", HttpStatusCode.BadRequest),
            ("{}", HttpStatusCode.BadRequest),
        };
        foreach (var (body, expected) in cases)
        {
            var response = await http.PostAsync("/v1/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var user = await ChatApiClient.RegisterAndLoginAsync(fixture.Gateway);
        var duplicate = await http.PostAsJsonAsync("/v1/auth/register", new { username = user.Name, password = ChatApiClient.Password });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var wrong = await http.PostAsJsonAsync("/v1/auth/login", new { username = user.Name, password = "wrong password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task LoginIsLimitedToFivePerMinutePerUser()
    {
        var name = ChatApiClient.NewName();
        using var http = new HttpClient { BaseAddress = fixture.Gateway };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await http.PostAsJsonAsync("/v1/auth/login", new { username = name, password = "whatever-password" })).StatusCode);
        }

        Assert.All(statuses.Take(5), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
    }

    private static byte[] Base64Url(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4));

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
