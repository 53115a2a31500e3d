using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vrsky.TestUtilities;

/// <summary>A registered, logged-in user and an HttpClient carrying its access token.</summary>
public sealed record TestUser(long Id, string Name, string Password, string AccessToken, string RefreshToken)
{
    public HttpClient Http(Uri gateway)
    {
        var http = new HttpClient { BaseAddress = gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        return http;
    }
}

public static class ChatApiClient
{
    public const string Password = "correct horse battery";

    public static string NewName() => $"u{Guid.NewGuid():N}"[..20];

    public static async Task<TestUser> RegisterAndLoginAsync(Uri gateway, string? name = null)
    {
        name ??= NewName();
        using var http = new HttpClient { BaseAddress = gateway };
        var registered = await http.PostAsJsonAsync("/v1/auth/register", new { username = name, password = Password });
        Assert.Equal(System.Net.HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var tokens = await LoginAsync(http, name);
        return new TestUser(id, name, Password, tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
    }

    public static async Task<JsonElement> LoginAsync(HttpClient http, string name)
    {
        var login = await http.PostAsJsonAsync("/v1/auth/login", new { username = name, password = Password });
        login.EnsureSuccessStatusCode();
        return await login.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<long> CreateGroupAsync(Uri gateway, TestUser owner, params TestUser[] members)
    {
        using var http = owner.Http(gateway);
        var created = await http.PostAsJsonAsync("/v1/chats", new { kind = "group", title = "test group", memberIds = members.Select(m => m.Id).ToArray() });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }
}
