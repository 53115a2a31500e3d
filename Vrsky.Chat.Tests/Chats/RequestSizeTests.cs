using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vrsky.Chat.Tests.Infrastructure;

namespace Vrsky.Chat.Tests.Chats;

[Collection(ChatCollection.Name)]
public sealed class RequestSizeTests(ChatFixture fixture)
{
    [Fact]
    public async Task ARequestBodyOver256KiBIsRefusedWith413()
    {
        // A sized body announced with Expect: 100-continue, as a careful client uploads: the refusal comes before the body is
        // sent, so the server closing the connection after its 413 cannot reset a client still writing.
        using var anonymous = new HttpClient { BaseAddress = fixture.Gateway };
        anonymous.DefaultRequestHeaders.ExpectContinue = true;
        var oversized = JsonSerializer.Serialize(new { username = ChatApiClient.NewName(), password = new string('p', 300 * 1024) });
        var register = await anonymous.PostAsync("/v1/auth/register", new StringContent(oversized, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, register.StatusCode);
        Assert.Equal("application/problem+json", register.Content.Headers.ContentType?.MediaType);

        // Just under the limit is read and judged on its content.
        var justUnder = await anonymous.PostAsJsonAsync("/v1/auth/register", new { username = ChatApiClient.NewName(), password = new string('p', 250 * 1024) });
        Assert.Equal(HttpStatusCode.BadRequest, justUnder.StatusCode);
    }
}
