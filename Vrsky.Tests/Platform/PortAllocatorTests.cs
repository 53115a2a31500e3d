using System.Net;
using System.Net.Sockets;
using Vrsky.Hosting;
using Vrsky.Hosting.Orchestration;

namespace Vrsky.Tests.Platform;

public sealed class PortAllocatorTests
{
    [Fact]
    public void FreePortsAreDistinctAndBelowTheEphemeralRangeWhereOutgoingConnectionsTakeTheirs()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var ports = new PortAllocator();

        var given = Enumerable.Range(0, 300).Select(_ => ports.AllocateFree()).ToList();

        Assert.Equal(given.Count, given.Distinct().Count());
        Assert.All(given, p => Assert.InRange(p, PortAllocator.Floor, Math.Min(ports.Ceiling, ephemeralStart) - 1));
    }

    [Fact]
    public void AFixedPortIsRefusedWhenAnotherProgramHoldsItOrAnotherEndpointClaimedIt()
    {
        var ports = new PortAllocator();
        var held = new TcpListener(IPAddress.Loopback, 0);
        held.Start();
        try
        {
            var port = ((IPEndPoint)held.LocalEndpoint).Port;
            var inUse = Assert.Throws<DistributedApplicationException>(() => ports.Claim(port, "app/http"));
            Assert.Equal($"Port {port} for 'app/http' is already in use by another program; stop it or choose another port.", inUse.Message);
        }
        finally
        {
            held.Stop();
        }

        var free = ports.AllocateFree();
        var twice = Assert.Throws<DistributedApplicationException>(() => ports.Claim(free, "other/http"));
        Assert.Equal($"Port {free} for 'other/http' is already taken by another endpoint of this application; choose another port.", twice.Message);
    }
}
