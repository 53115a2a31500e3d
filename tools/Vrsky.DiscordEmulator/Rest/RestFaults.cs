namespace Vrsky.DiscordEmulator.Rest;

/// <summary>Server errors on demand, for tests of a client's 5xx retries: the next requests on a route fail with a given status.</summary>
public sealed class RestFaults
{
    private readonly Lock _lock = new();
    private readonly List<(string RouteContains, int Status, int Remaining)> _faults = [];
    private int _answered;

    /// <summary>How many forced server errors were answered.</summary>
    public int Answered => Volatile.Read(ref _answered);

    /// <summary>The next <paramref name="count"/> requests whose route template contains <paramref name="routeContains"/> get <paramref name="status"/>.</summary>
    public void FailNext(string routeContains, int status, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 500);
        lock (_lock)
        {
            _faults.Add((routeContains, status, count));
        }
    }

    /// <summary>The status to answer instead of handling the request, if one is due for <paramref name="template"/>.</summary>
    public int? Check(string template)
    {
        lock (_lock)
        {
            var index = _faults.FindIndex(f => template.Contains(f.RouteContains, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }

            var fault = _faults[index];
            if (fault.Remaining <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = fault with { Remaining = fault.Remaining - 1 };
            }

            Interlocked.Increment(ref _answered);
            return fault.Status;
        }
    }
}
