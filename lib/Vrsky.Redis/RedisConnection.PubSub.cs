using System.Runtime.CompilerServices;

namespace Vrsky.Redis;

public sealed partial class RedisConnection
{
    public ValueTask<long> PublishAsync(string channel, string message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(message);
        return IntegerAsync(["PUBLISH", channel, message], cancellationToken);
    }

    public ValueTask<long> PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        return IntegerAsync(["PUBLISH", channel, message], cancellationToken);
    }

    public IAsyncEnumerable<RedisMessage> SubscribeAsync(string channel, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        return EnumerateAsync(channel, isPattern: false, cancellationToken);
    }

    public IAsyncEnumerable<RedisMessage> PSubscribeAsync(string pattern, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        return EnumerateAsync(pattern, isPattern: true, cancellationToken);
    }

    public async Task<IRedisSubscription> SubscribeCoreAsync(string channelOrPattern, bool isPattern = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelOrPattern);
        return await Subscriber().SubscribeAsync(channelOrPattern, isPattern, cancellationToken).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<RedisMessage> EnumerateAsync(string name, bool isPattern, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var subscription = await SubscribeCoreAsync(name, isPattern, cancellationToken).ConfigureAwait(false);
        await foreach (var message in subscription.Msgs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return message;
        }
    }
}
