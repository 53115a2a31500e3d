using System.Diagnostics;

namespace Vrsky.ControlPlane.Tests.Infrastructure;

/// <summary>Runs the shared validator (../shared/tools/k8s-validate) that the publisher tests use on rendered objects.</summary>
public static class K8sValidate
{
    private static string Validator { get; } = Path.Combine(RepoPaths.Root, "..", "shared", "tools", "k8s-validate");

    /// <summary>Every object of the YAML file validates against the Kubernetes schemas of its kind.</summary>
    public static async Task AssertValidAsync(string yamlFile, int objects)
    {
        Assert.True(Directory.Exists(Path.Combine(Validator, "node_modules")),
            $"Install the validator first: cd {Validator} && npm install --no-audit --no-fund");
        var start = new ProcessStartInfo("node", [Path.Combine(Validator, "validate.mjs"), yamlFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, output);
        Assert.Equal($"{objects} objects, 0 invalid, 0 unknown kinds", output.Trim().Split('\n')[^1]);
    }
}
