using Vrsky.Redis.Protocol;

namespace Vrsky.Redis.Internal;

/// <summary>A command from the moment it is queued until its reply (or failure) completes it.</summary>
internal sealed class PendingCommand(RedisArg[] args)
{
    private readonly TaskCompletionSource<RespValue> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Released once written so a long-pending reply does not pin the arguments.</summary>
    public RedisArg[]? Args { get; set; } = args;

    public string Name { get; } = args[0].ToString();

    public Task<RespValue> Reply => _reply.Task;

    /// <summary>The caller stopped waiting (timeout, cancellation): not written if still queued, reply discarded if not.</summary>
    public bool IsAbandoned => _reply.Task.IsCompleted;

    public void Complete(RespValue value)
    {
        if (value.Type == RespType.Error)
        {
            _reply.TrySetException(new RedisServerException(value.AsString()!));
        }
        else
        {
            _reply.TrySetResult(value);
        }
    }

    public void Fail(Exception exception) => _reply.TrySetException(exception);

    public void Abandon() => _reply.TrySetCanceled();
}
