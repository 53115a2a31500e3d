using System.Net;
using System.Net.Sockets;

namespace Vrsky.TestUtilities;

public static class FreePort
{
    /// <summary>Binds port 0 on loopback and returns what the OS picked.</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
