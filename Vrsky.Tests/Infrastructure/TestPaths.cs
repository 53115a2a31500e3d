using System.Reflection;

namespace Vrsky.Tests.Infrastructure;

internal static class TestPaths
{
    /// <summary>The AppHost project directory, from the metadata its build embeds.</summary>
    public static string AppHostDirectory { get; } = typeof(Program).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AppHostProjectDirectory").Value!;

    public static string AppHostDll { get; } = typeof(Program).Assembly.Location;
}
