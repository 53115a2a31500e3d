using System.Diagnostics;
using System.Reflection;

namespace Vrsky.Hosting.Tests.Publishing;

/// <summary>Runs the real AppHost entry point (its built dll) as a process, as a person runs the publishers.</summary>
internal static class AppHostProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>The folder shared beside the clone (schemas, tools); CI checks it out at <c>../shared</c>.</summary>
    public static string SharedDirectory { get; } = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared"));

    public static async Task<Result> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(AppHostDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Configuration from the caller's environment must not change what the AppHost publishes.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Parameters__", StringComparison.Ordinal) || k.StartsWith("Kubernetes__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The AppHost's own build output (same configuration as this test build).</summary>
    private static string AppHostDll()
    {
        var configuration = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AppHostConfiguration").Value!;
        var dll = Path.Combine(RepoPaths.Root, "Vrsky.AppHost", "bin", configuration, "net10.0", "Vrsky.AppHost.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the AppHost first: {dll} is missing.");
    }
}

/// <summary>A temporary directory removed at dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vrsky-publish-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
