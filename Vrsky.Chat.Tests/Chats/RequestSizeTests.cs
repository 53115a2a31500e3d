using System.Net;
using System.Net.Http.Json;
using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Chats;

[Collection(ChatCollection.Name)]
public sealed class RequestSizeTests(ChatFixture fixture)
{
    [Fact]
    public async Task ARequestBodyOver256KiBIsRefusedWith413()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Gateway };
        var register = await anonymous.PostAsJsonAsync("/v1/auth/register", new { username = ChatApiClient.NewName(), password = new string('p', 300 * 1024) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, register.StatusCode);
        Assert.Equal("application/problem+json", register.Content.Headers.ContentType?.MediaType);

        // Just under the limit is read and judged on its content.
        var justUnder = await anonymous.PostAsJsonAsync("/v1/auth/register", new { username = ChatApiClient.NewName(), password = new string('p', 250 * 1024) });
        Assert.Equal(HttpStatusCode.BadRequest, justUnder.StatusCode);
    }
}
