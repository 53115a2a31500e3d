using System.Net;
using System.Net.Sockets;

namespace Vrsky.Hosting.Orchestration;

/// <summary>Hands out loopback ports: free ones on request, and checks that fixed ones are not taken.</summary>
internal sealed class PortAllocator
{
    private readonly HashSet<int> _given = [];
    private readonly Lock _gate = new();

    public int AllocateFree()
    {
        lock (_gate)
        {
            while (true)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (_given.Add(port))
                {
                    return port;
                }
            }
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

            _given.Add(port);
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
}
