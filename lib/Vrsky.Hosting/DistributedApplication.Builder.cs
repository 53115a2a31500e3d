using Vrsky.Hosting.Testing;

namespace Vrsky.Hosting;

public sealed partial class DistributedApplication
{
    /// <summary>Starts composing an application, as Aspire's <c>DistributedApplication.CreateBuilder(args)</c>.</summary>
    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        TestingHook.Current?.CreateBuilder(args) ?? new DistributedApplicationBuilder(new DistributedApplicationOptions { Args = args });

    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new DistributedApplicationBuilder(options);
}
