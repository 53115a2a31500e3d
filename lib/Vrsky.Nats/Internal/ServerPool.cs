namespace Vrsky.Nats.Internal;

/// <summary>
/// Servers to connect to: the configured ones plus those a server announced in connect_urls.
/// Rotation puts the server just used at the back, so a lost or lame-duck server is retried last.
/// </summary>
internal sealed class ServerPool
{
    private readonly List<NatsServerAddress> _servers;
    private readonly bool _noRandomize;
    private readonly Lock _gate = new();

    public ServerPool(string urls, bool noRandomize)
    {
        _noRandomize = noRandomize;
        _servers = NatsServerAddress.ParseList(urls);
        if (!noRandomize)
        {
            Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_servers));
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _servers.Count;
            }
        }
    }

    public IReadOnlyList<NatsServerAddress> Snapshot()
    {
        lock (_gate)
        {
            return [.. _servers];
        }
    }

    /// <summary>Next server to try, skipping (and dropping) those over <paramref name="maxReconnect"/> failures; null when none is left.</summary>
    public NatsServerAddress? Next(int maxReconnect)
    {
        lock (_gate)
        {
            while (_servers.Count > 0)
            {
                var server = _servers[0];
                _servers.RemoveAt(0);
                if (maxReconnect >= 0 && server.FailedAttempts > maxReconnect)
                {
                    continue;
                }

                _servers.Add(server);
                return server;
            }

            return null;
        }
    }

    /// <summary>Moves the server just connected to the back of the rotation.</summary>
    public void MarkConnected(NatsServerAddress server)
    {
        lock (_gate)
        {
            server.FailedAttempts = 0;
            if (_servers.Remove(server))
            {
                _servers.Add(server);
            }
        }
    }

    public void Remove(NatsServerAddress server)
    {
        lock (_gate)
        {
            _servers.Remove(server);
        }
    }

    /// <summary>Adds servers from INFO connect_urls; returns true when any was new.</summary>
    public bool AddDiscovered(IReadOnlyList<string>? urls, bool tls)
    {
        if (urls is null || urls.Count == 0)
        {
            return false;
        }

        lock (_gate)
        {
            var added = new List<NatsServerAddress>();
            foreach (var url in urls)
            {
                NatsServerAddress address;
                try
                {
                    address = NatsServerAddress.Parse(url, tls, discovered: true);
                }
                catch (ArgumentException)
                {
                    continue;
                }

                if (!_servers.Any(s => s.Key == address.Key) && !added.Any(s => s.Key == address.Key))
                {
                    added.Add(address);
                }
            }

            if (!_noRandomize)
            {
                Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(added));
            }

            // Ahead of the current server (at the back), behind servers not yet tried.
            _servers.InsertRange(Math.Max(0, _servers.Count - 1), added);
            return added.Count > 0;
        }
    }
}
