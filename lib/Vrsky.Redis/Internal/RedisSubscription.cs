using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Vrsky.Redis.Internal;

internal sealed class RedisSubscription : IRedisSubscription
{
    private readonly RedisSubscriber _owner;
    private readonly ILogger _logger;
    private readonly Channel<RedisMessage> _messages;
    private long _dropped;
    private int _disposed;

    public RedisSubscription(RedisSubscriber owner, string name, bool isPattern, int capacity, ILogger logger)
    {
        _owner = owner;
        _logger = logger;
        Name = name;
        IsPattern = isPattern;
        _messages = Channel.CreateBounded<RedisMessage>(new BoundedChannelOptions(capacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Name { get; }

    public bool IsPattern { get; }

    public ChannelReader<RedisMessage> Msgs => _messages.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Called from the read loop: never blocks; a full buffer drops the message.</summary>
    public void Deliver(RedisMessage message)
    {
        if (!_messages.Writer.TryWrite(message) && Volatile.Read(ref _disposed) == 0)
        {
            var dropped = Interlocked.Increment(ref _dropped);
            if ((dropped & (dropped - 1)) == 0)
            {
                // Logged at 1, 2, 4, 8… drops so a stuck reader does not flood the log.
                RedisLogEvents.SlowSubscriber(_logger, Name, dropped);
            }
        }
    }

    public void Complete() => _messages.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Complete();
        await _owner.RemoveAsync(this).ConfigureAwait(false);
    }
}
