using System.Net;
using System.Net.Sockets;

namespace Vrsky.Hosting.Orchestration;

/// <summary>Hands out loopback ports: free ones on request, and checks that fixed ones are not taken.</summary>
internal sealed class PortAllocator
{
    /// <summary>Lowest port handed out: clear of the well-known and commonly configured ones.</summary>
    internal const int Floor = 10000;

    private readonly HashSet<int> _given = [];
    private readonly Lock _gate = new();
    /// <summary>Free ports are handed out below this: the start of the kernel's ephemeral range.</summary>
    internal int Ceiling { get; } = EphemeralRangeStart();

    /// <summary>
    /// A free port below the kernel's ephemeral range. A port from bind(0) lies inside that range, and a resource binds
    /// its port seconds after it was chosen (it waits for its dependencies first): long enough for an outgoing
    /// connection of any process to take it as its local port, and the resource then fails with "address in use".
    /// </summary>
    public int AllocateFree()
    {
        lock (_gate)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(Floor, Ceiling);
                if (!_given.Contains(port) && IsFree(port))
                {
                    _given.Add(port);
                    return port;
                }
            }

            throw new DistributedApplicationException($"No free loopback port between {Floor} and {Ceiling} after 1000 tries.");
        }
    }

    /// <summary>Claims a fixed port; another program holding it is reported, never shared silently.</summary>
    public int Claim(int port, string owner)
    {
        lock (_gate)
        {
            if (!IsFree(port))
            {
                throw new DistributedApplicationException($"Port {port} for '{owner}' is already in use by another program; stop it or choose another port.");
            }

            if (!_given.Add(port))
            {
                throw new DistributedApplicationException($"Port {port} for '{owner}' is already taken by another endpoint of this application; choose another port.");
            }

            return port;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux's default when it cannot be read), at least 1000 above <see cref="Floor"/>.</summary>
    private static int EphemeralRangeStart()
    {
        const string rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        var start = 32768;
        if (File.Exists(rangeFile)
            && File.ReadAllText(rangeFile).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) is [var low, ..]
            && int.TryParse(low, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            start = parsed;
        }

        return Math.Max(start, Floor + 1000);
    }
}
