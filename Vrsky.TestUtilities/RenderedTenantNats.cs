using Vrsky.Nats;

namespace Vrsky.TestUtilities;

/// <summary>
/// A tenant NATS instance as rendered for Kubernetes, run as a real local nats-server: the container's own arguments
/// with its mounted <c>auth.conf</c>, on ports free on this machine. Proves the rendered credentials are what the
/// server demands.
/// </summary>
public static class RenderedTenantNats
{
    public static Task<NatsServerProcess> StartAsync(IEnumerable<string> containerArgs, string authConf)
    {
        // The config file, client port and monitoring port are the test's own; every other argument is the container's.
        var args = containerArgs.ToList();
        foreach (var flag in new[] { "-c", "-p", "-m" })
        {
            var at = args.IndexOf(flag);
            Assert.True(at >= 0, $"the rendered arguments have no {flag}");
            args.RemoveRange(at, 2);
        }

        return NatsServerProcess.StartAsync(new NatsServerOptions { ConfigText = authConf, Monitoring = true, ExtraArgs = args });
    }

    /// <summary>Whether a client with these credentials (or none) gets through the server's CONNECT.</summary>
    public static async Task<bool> CanConnectAsync(string url, string? user, string? password)
    {
        await using var connection = new NatsConnection(NatsOpts.Default with
        {
            Url = url,
            MaxReconnect = 0,
            AuthOpts = user is null ? NatsAuthOpts.Default : new NatsAuthOpts { Username = user, Password = password },
        });
        try
        {
            await connection.ConnectAsync();
            return true;
        }
        catch (NatsException)
        {
            return false;
        }
    }
}
