using Microsoft.Extensions.Logging;
using Vrsky.Nats;
using Vrsky.TokenWorker.Configuration;

namespace Vrsky.TokenWorker.Requests;

/// <summary>
/// The worker's two NATS connections, both named <see cref="TokenWorkerOptions.ClientName"/>. Requests arrive on one and
/// replies leave on the other, so draining the request connection (UNSUB, flush, hand over what was already sent to us,
/// close) never cuts off the replies of requests still being handled.
/// </summary>
public sealed class TokenWorkerConnections : IAsyncDisposable
{
    public TokenWorkerConnections(TokenWorkerOptions options, ILoggerFactory loggerFactory)
    {
        Opts = CreateOpts(options, loggerFactory);
        Requests = new NatsConnection(Opts);
        Replies = new NatsConnection(Opts);
    }

    public NatsOpts Opts { get; }

    /// <summary>Carries the queue subscription; also the connection the <c>nats</c> health check reports on.</summary>
    public INatsConnection Requests { get; }

    public INatsConnection Replies { get; }

    public static NatsOpts CreateOpts(TokenWorkerOptions options, ILoggerFactory loggerFactory) =>
        NatsOpts.FromConnectionString(options.Nats.Url) with
        {
            Name = options.ClientName,
            MaxReconnect = options.Nats.AllowReconnect ? options.Nats.MaxReconnect : 0,
            ReconnectWait = options.Nats.ReconnectWait,
            LoggerFactory = loggerFactory,
        };

    public async ValueTask DisposeAsync()
    {
        await Requests.DisposeAsync();
        await Replies.DisposeAsync();
    }
}
