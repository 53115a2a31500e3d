using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vrsky.Nats;

namespace Vrsky.TokenWorker.Tests.Infrastructure;

/// <summary>A requester on NATS, as a service wanting a token would be.</summary>
public sealed class TokenClient(string natsUrl) : IAsyncDisposable
{
    private readonly NatsConnection _nats = new(NatsOpts.FromConnectionString(natsUrl) with { Name = "token worker test client" });

    public static object Request(string clientId, string secret, string? scope = null, string? audience = null, string? requestId = null) =>
        new Dictionary<string, string?>
        {
            ["request_id"] = requestId ?? Guid.NewGuid().ToString("N"),
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
            ["audience"] = audience,
        }.Where(p => p.Value is not null).ToDictionary();

    public Task<JsonObject> RequestAsync(string subject, object request, TimeSpan? timeout = null, NatsHeaders? headers = null) =>
        RequestRawAsync(subject, JsonSerializer.SerializeToUtf8Bytes(request), timeout, headers);

    public async Task<JsonObject> RequestRawAsync(string subject, byte[] payload, TimeSpan? timeout = null, NatsHeaders? headers = null)
    {
        var reply = await _nats.RequestAsync<byte[], byte[]>(subject, payload, headers, new NatsRequestOpts { Timeout = timeout ?? TimeSpan.FromSeconds(10) });
        return JsonNode.Parse(Encoding.UTF8.GetString(reply.Data!))!.AsObject();
    }

    public ValueTask DisposeAsync() => _nats.DisposeAsync();
}
