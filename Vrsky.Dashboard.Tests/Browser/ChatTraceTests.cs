using System.Text.Json;
using Microsoft.Playwright;
using Vrsky.Dashboard.Tests.Infrastructure;
using Vrsky.Hosting.Testing;

namespace Vrsky.Dashboard.Tests.Browser;

/// <summary>
/// A chat message and a read receipt sent over the gateway's WebSocket, followed through the dashboard: each is one
/// trace whose spans come from the gateway, RabbitMQ's publish, the consuming service and its PostgreSQL commands,
/// every span a child of the one before it across the process boundaries.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ChatTraceTests(DashboardFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SentMessageIsOneTraceFromTheGatewayThroughTheChatServiceAndPostgresBackToTheGateway()
    {
        var (gateway, sender, _, chatId) = await ChatAsync();
        await using (var socket = await SocketClient.ConnectAsync(gateway, sender.AccessToken))
        {
            var uuid = Guid.NewGuid();
            await socket.SendAsync(new { type = "SendMessage", uuid, chatId, body = "follow me through the trace" });
            await socket.WaitForAsync(f => SocketClient.Type(f) == "Delivered", Patience);
        }

        var page = await fixture.LoggedInPageAsync();
        List<Span> spans = [];
        await Eventually.WaitAsync(async () =>
        {
            spans = await FindTraceAsync(page, "chat.send", chatId);
            return IsComplete(spans, "chatservice", "process chat.messages", expectDelivery: true);
        }, Patience, "the message's trace reaches the dashboard with every hop");

        var send = Single(spans, "gateway", "chat.send");
        Assert.Null(send.ParentSpanId);
        var publish = ChildOf(spans, send, "gateway", s => s.Scope == "RabbitMQ.Client.Publisher");
        Assert.Equal("chat.topic", publish.Attribute("messaging.destination.name"));
        Assert.Equal("rabbitmq", publish.Attribute("messaging.system"));
        var consume = ChildOf(spans, publish, "chatservice", s => s.Name == "process chat.messages");
        Assert.Equal("Consumer", consume.Kind);
        Assert.Equal("process", consume.Attribute("messaging.operation.type"));
        Assert.Equal(chatId.ToString(System.Globalization.CultureInfo.InvariantCulture), consume.Attribute("vrsky.chat.id"));
        Assert.Contains(spans, s => s.Resource == "chatservice" && s.Scope == "Npgsql" && Descends(spans, s, consume));
        var deliveryPublish = ChildOf(spans, consume, "chatservice", s => s.Scope == "RabbitMQ.Client.Publisher");
        Assert.Equal("delivery.topic", deliveryPublish.Attribute("messaging.destination.name"));
        ChildOf(spans, deliveryPublish, "gateway", s => s.Name.StartsWith("process delivery.gateway.", StringComparison.Ordinal));

        // Nothing of the message itself is recorded.
        Assert.DoesNotContain(spans, s => s.Attributes.Any(a => a.Value.Contains("follow me", StringComparison.Ordinal)));

        await page.GotoAsync(fixture.Url($"/traces/{send.TraceId}"));
        var rows = page.Locator(".waterfall details.span");
        await Assertions.Expect(rows.First).ToContainTextAsync("chat.send");
        await Assertions.Expect(page.Locator(".waterfall details.span[data-resource='chatservice']")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".waterfall details.span[data-resource='gateway']")).Not.ToHaveCountAsync(0);
        var consumeRow = rows.Filter(new() { HasTextString = "process chat.messages" });
        await consumeRow.Locator("summary").ClickAsync();
        await Assertions.Expect(consumeRow.Locator("table.attributes")).ToContainTextAsync("messaging.destination.name");
        await Assertions.Expect(consumeRow.Locator("table.attributes")).ToContainTextAsync("chat.topic");
        await DashboardFixture.ScreenshotAsync(page, "chat-trace");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReadReceiptIsOneTraceFromTheGatewayThroughThePresenceServiceBatch()
    {
        var (gateway, sender, reader, chatId) = await ChatAsync();
        long messageId;
        await using (var socket = await SocketClient.ConnectAsync(gateway, sender.AccessToken))
        {
            await socket.SendAsync(new { type = "SendMessage", uuid = Guid.NewGuid(), chatId, body = "read me" });
            messageId = (await socket.WaitForAsync(f => SocketClient.Type(f) == "Delivered", Patience)).GetProperty("msgId").GetInt64();
        }

        await using (var socket = await SocketClient.ConnectAsync(gateway, reader.AccessToken))
        {
            await socket.SendAsync(new { type = "Read", chatId, msgId = messageId });
            // The presence service announces the stored receipt to the chat: proof it went all the way.
            await socket.WaitForAsync(f => SocketClient.Type(f) == "Read", Patience);
        }

        var page = await fixture.LoggedInPageAsync();
        List<Span> spans = [];
        await Eventually.WaitAsync(async () =>
        {
            spans = await FindTraceAsync(page, "chat.read", chatId);
            return IsComplete(spans, "presenceservice", "process read.receipts", expectDelivery: false) &&
                spans.Any(s => s.Name == "write read_receipts");
        }, Patience, "the read receipt's trace reaches the dashboard with every hop");

        var read = Single(spans, "gateway", "chat.read");
        var publish = ChildOf(spans, read, "gateway", s => s.Scope == "RabbitMQ.Client.Publisher");
        var consume = ChildOf(spans, publish, "presenceservice", s => s.Name == "process read.receipts");
        var write = ChildOf(spans, consume, "presenceservice", s => s.Name == "write read_receipts");
        Assert.Contains(spans, s => s.Scope == "Npgsql" && Descends(spans, s, write));
        await page.Context.CloseAsync();
    }

    /// <summary>Two fresh users with a group chat between them, once the chat path is up.</summary>
    private async Task<(Uri Gateway, TestUser Sender, TestUser Reader, long ChatId)> ChatAsync()
    {
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            foreach (var name in new[] { "gateway", "chatservice", "presenceservice" })
            {
                await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token);
            }
        }

        var gateway = fixture.App.GetEndpoint("gateway");
        var sender = await ChatApiClient.RegisterAndLoginAsync(gateway);
        var reader = await ChatApiClient.RegisterAndLoginAsync(gateway);
        return (gateway, sender, reader, await ChatApiClient.CreateGroupAsync(gateway, sender, reader));
    }

    /// <summary>The spans of the trace whose root frame span (<paramref name="root"/>) names the chat; empty while there is none.</summary>
    private async Task<List<Span>> FindTraceAsync(IPage page, string root, long chatId)
    {
        var list = await GetJsonAsync(page, $"/api/traces?resource=gateway&q={root}");
        foreach (var trace in list.EnumerateArray())
        {
            var spans = (await GetJsonAsync(page, $"/api/traces/{trace.GetProperty("traceId").GetString()}")).Deserialize<List<Span>>(JsonSerializerOptions.Web)!;
            if (spans.Any(s => s.Name == root && s.Attribute("vrsky.chat.id") == chatId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return spans;
            }
        }

        return [];
    }

    /// <summary>Through the page's own cookie: the API sits behind the dashboard login like the pages.</summary>
    private async Task<JsonElement> GetJsonAsync(IPage page, string path)
    {
        var response = await page.Context.APIRequest.GetAsync(fixture.Url(path));
        Assert.True(response.Ok, $"{path}: {response.Status}");
        return (await response.JsonAsync())!.Value;
    }

    private static bool IsComplete(List<Span> spans, string service, string consumeName, bool expectDelivery) =>
        spans.Any(s => s.Resource == service && s.Name == consumeName) &&
        spans.Any(s => s.Resource == service && s.Scope == "Npgsql") &&
        (!expectDelivery || spans.Any(s => s.Resource == "gateway" && s.Name.StartsWith("process delivery.gateway.", StringComparison.Ordinal)));

    private static Span Single(List<Span> spans, string resource, string name) =>
        Assert.Single(spans, s => s.Resource == resource && s.Name == name);

    /// <summary>The span of <paramref name="resource"/> matching <paramref name="match"/> whose parent is <paramref name="parent"/>.</summary>
    private static Span ChildOf(List<Span> spans, Span parent, string resource, Func<Span, bool> match)
    {
        var children = spans.Where(s => s.ParentSpanId == parent.SpanId && s.Resource == resource && match(s)).ToList();
        Assert.True(children.Count > 0,
            $"No matching {resource} span under {parent.Resource} '{parent.Name}'; spans: {string.Join(", ", spans.Select(s => $"{s.Resource}:{s.Name}({s.Scope})"))}");
        return children[0];
    }

    private static bool Descends(List<Span> spans, Span span, Span ancestor)
    {
        var byId = spans.ToDictionary(s => s.SpanId);
        for (var current = span; current.ParentSpanId is { } parent && byId.TryGetValue(parent, out var next); current = next)
        {
            if (next.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Span(
        string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, string Resource, string Instance, string Scope,
        List<SpanAttribute> Attributes)
    {
        public string? Attribute(string key) => Attributes.FirstOrDefault(a => a.Key == key)?.Value;
    }

    private sealed record SpanAttribute(string Key, string Value);
}
