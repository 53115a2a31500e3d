namespace Vrsky.Nats.Internal;

/// <summary>
/// A test-and-set lock for short sections (copying one command into a buffer, swapping two buffers):
/// one CAS to enter, a plain release store to exit, where <see cref="Lock"/> costs two
/// atomic operations and a thread-id lookup. Contended callers spin, then yield the processor so a
/// preempted holder can finish. Not reentrant; never hold it across an await or a callback of unknown length.
/// </summary>
internal struct SpinGate
{
    private int _taken;

    public void Enter()
    {
        if (Interlocked.CompareExchange(ref _taken, 1, 0) != 0)
        {
            EnterContended();
        }
    }

    public void Exit() => Volatile.Write(ref _taken, 0);

    private void EnterContended()
    {
        var spinner = default(SpinWait);
        do
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        while (Volatile.Read(ref _taken) != 0 || Interlocked.CompareExchange(ref _taken, 1, 0) != 0);
    }
}
