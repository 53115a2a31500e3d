namespace Vrsky.Nats.JetStream.Internal;

/// <summary>
/// Remembers that the connection (re)opened since the last look. Long-lived pull and watch loops
/// use it to re-issue their server-side state, which a new server connection does not have.
/// </summary>
internal sealed class ReopenSignal : IDisposable
{
    private readonly INatsConnection _connection;
    private int _reopened;

    public ReopenSignal(INatsConnection connection)
    {
        _connection = connection;
        _connection.ConnectionStateChanged += OnStateChanged;
    }

    /// <summary>True once per reopen.</summary>
    public bool Consume() => Interlocked.Exchange(ref _reopened, 0) == 1;

    public void Dispose() => _connection.ConnectionStateChanged -= OnStateChanged;

    private void OnStateChanged(object? sender, NatsConnectionStateChangedEventArgs e)
    {
        if (e.State == NatsConnectionState.Open && e.PreviousState != NatsConnectionState.Open)
        {
            Interlocked.Exchange(ref _reopened, 1);
        }
    }
}
