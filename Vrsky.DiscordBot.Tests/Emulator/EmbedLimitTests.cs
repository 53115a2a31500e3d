using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vrsky.DiscordBot.Tests.Emulator;

/// <summary>
/// The emulator refuses what Discord refuses: message bodies past the content and embed limits are a 400 with code
/// 50035 naming the field, on channel messages, interaction callbacks and the interaction webhook. Raw JSON, so fields
/// the bot's models lack (an embed's author) are tried too.
/// </summary>
public sealed class EmbedLimitTests : IAsyncLifetime
{
    private const string User = "700000000000000042";
    private DiscordEmulator.DiscordEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await DiscordEmulator.DiscordEmulator.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_emulator.ApiBaseUrl.AbsoluteUri + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", _emulator.Options.Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private static string Text(int length) => new('x', length);

    private static JsonObject Fields(int count) => new()
    {
        ["fields"] = new JsonArray([.. Enumerable.Range(0, count).Select(_ => (JsonNode)new JsonObject { ["name"] = "n", ["value"] = "v" })]),
    };

    /// <summary>Each limit just past, with the path Discord names; the same body one character shorter is accepted.</summary>
    public static TheoryData<string, string, string> Breaches() => new()
    {
        { "content", """{"content":"X2001"}""", "content" },
        { "title", """{"embeds":[{"title":"X257"}]}""", "embeds.0.title" },
        { "description", """{"embeds":[{"description":"X4097"}]}""", "embeds.0.description" },
        { "field name", """{"embeds":[{"fields":[{"name":"X257","value":"v"}]}]}""", "embeds.0.fields.0.name" },
        { "field value", """{"embeds":[{"fields":[{"name":"n","value":"X1025"}]}]}""", "embeds.0.fields.0.value" },
        { "footer", """{"embeds":[{"footer":{"text":"X2049"}}]}""", "embeds.0.footer.text" },
        { "author", """{"embeds":[{"title":"t"},{"author":{"name":"X257"}}]}""", "embeds.1.author.name" },
        // 4096 + 1905 = 6001 over two embeds, each within its own limits.
        { "total", """{"embeds":[{"description":"X4096"},{"description":"X1905"}]}""", "embeds" },
    };

    /// <summary>"X123" in a template becomes 123 x's (or 122 for the body just within the limit).</summary>
    private static string Expand(string template, int shorter) =>
        System.Text.RegularExpressions.Regex.Replace(template, "X(\\d+)", m => Text(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - shorter));

    [Theory]
    [MemberData(nameof(Breaches))]
    public async Task AChannelMessagePastALimitIsRefusedWithTheFieldNamed(string limit, string template, string path)
    {
        var channel = _emulator.State.Channels(_emulator.Options.GuildIds[0])[0].Id;

        using var refused = await PostAsync($"channels/{channel}/messages", Expand(template, 0));
        using var accepted = await PostAsync($"channels/{channel}/messages", Expand(template, 1));

        await AssertRefusedAsync(refused, path, limit);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task MoreThanTenEmbedsOrTwentyFiveFieldsAreRefused()
    {
        var channel = _emulator.State.Channels(_emulator.Options.GuildIds[0])[0].Id;
        string Embeds(int count) => new JsonObject { ["embeds"] = new JsonArray([.. Enumerable.Range(0, count).Select(_ => (JsonNode)new JsonObject { ["title"] = "t" })]) }.ToJsonString();
        string WithFields(int count) => new JsonObject { ["embeds"] = new JsonArray(Fields(count)) }.ToJsonString();

        using var elevenEmbeds = await PostAsync($"channels/{channel}/messages", Embeds(11));
        using var tenEmbeds = await PostAsync($"channels/{channel}/messages", Embeds(10));
        using var fields26 = await PostAsync($"channels/{channel}/messages", WithFields(26));
        using var fields25 = await PostAsync($"channels/{channel}/messages", WithFields(25));

        await AssertRefusedAsync(elevenEmbeds, "embeds", "11 embeds");
        Assert.Equal(HttpStatusCode.OK, tenEmbeds.StatusCode);
        await AssertRefusedAsync(fields26, "embeds.0.fields", "26 fields");
        Assert.Equal(HttpStatusCode.OK, fields25.StatusCode);
    }

    [Fact]
    public async Task EditsCallbacksAndTheInteractionWebhookAreHeldToTheSameLimits()
    {
        var channel = _emulator.State.Channels(_emulator.Options.GuildIds[0])[0].Id;
        var tooLong = $$"""{"embeds":[{"title":"{{Text(257)}}"}]}""";
        using var created = await PostAsync($"channels/{channel}/messages", """{"content":"round"}""");
        var messageId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var reply = await _emulator.InvokeCommandAsync(_emulator.Options.GuildIds[0], User, "leaderboard");
        var deferred = await _emulator.InvokeCommandAsync(_emulator.Options.GuildIds[0], User, "leaderboard");
        var appId = _emulator.Options.ApplicationId;

        using var edit = await SendAsync(HttpMethod.Patch, $"channels/{channel}/messages/{messageId}", tooLong);
        using var callback = await PostAsync($"interactions/{reply.Interaction.Id}/{reply.Interaction.Token}/callback", $$"""{"type":4,"data":{{tooLong}}}""");
        using var defer = await PostAsync($"interactions/{deferred.Interaction.Id}/{deferred.Interaction.Token}/callback", """{"type":5}""");
        using var original = await SendAsync(HttpMethod.Patch, $"webhooks/{appId}/{deferred.Interaction.Token}/messages/@original", tooLong);
        using var followup = await PostAsync($"webhooks/{appId}/{deferred.Interaction.Token}", tooLong);

        await AssertRefusedAsync(edit, "embeds.0.title", "message edit");
        await AssertRefusedAsync(callback, "data.embeds.0.title", "callback");
        Assert.Null(reply.Response); // refused, so not acknowledged
        Assert.Equal(HttpStatusCode.NoContent, defer.StatusCode);
        await AssertRefusedAsync(original, "embeds.0.title", "edit original");
        await AssertRefusedAsync(followup, "embeds.0.title", "follow-up");
        Assert.Equal("round", _emulator.State.Message(messageId!)!.Message.Content);
        Assert.Equal(0, _emulator.State.Message(deferred.OriginalMessageId!)!.Edits);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string json) =>
        _http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    /// <summary>Discord's shape: <c>{"message":"Invalid Form Body","code":50035,"errors":{…path…:{"_errors":[…]}}}</c>.</summary>
    private static async Task AssertRefusedAsync(HttpResponseMessage response, string path, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {body}");
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal(50035, root.GetProperty("code").GetInt32());
        Assert.Equal("Invalid Form Body", root.GetProperty("message").GetString());
        var node = root.GetProperty("errors");
        foreach (var part in path.Split('.'))
        {
            Assert.True(node.TryGetProperty(part, out node), $"{what}: no '{part}' of {path} in {body}");
        }

        Assert.NotEmpty(node.GetProperty("_errors").EnumerateArray());
    }
}
