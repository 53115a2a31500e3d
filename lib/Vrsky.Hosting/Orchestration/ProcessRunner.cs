using System.Diagnostics;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Orchestration;

/// <summary>Builds start info for a spec, and runs short preparation commands (initdb, chown) to completion.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Every server starts in a session of its own (<c>setsid</c>): Ctrl-C in the terminal then reaches only the
    /// AppHost, which stops servers in order, and the whole group can be killed at once, grandchildren included.
    /// </summary>
    public static ProcessStartInfo CreateStartInfo(LocalProcessSpec spec, bool ownSession)
    {
        var command = new List<string>();
        if (ownSession)
        {
            command.Add("setsid");
        }

        if (spec.RunAsUser is { } user)
        {
            command.AddRange(["setpriv", "--reuid", user, "--regid", user, "--init-groups", "--"]);
        }

        command.Add(spec.FileName);
        command.AddRange(spec.Arguments);

        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public static async Task RunToCompletionAsync(LocalProcessSpec spec, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Process.Start(CreateStartInfo(spec, ownSession: false))
            ?? throw new DistributedApplicationException($"Could not start '{spec.FileName}'.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new DistributedApplicationException($"'{Path.GetFileName(spec.FileName)}' did not finish within {timeout.TotalSeconds:0} s.");
        }

        if (process.ExitCode != 0)
        {
            var output = (await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false)).Trim();
            throw new DistributedApplicationException(
                $"'{Path.GetFileName(spec.FileName)}' failed with exit code {process.ExitCode}: {LastLines(output, 5)}");
        }
    }

    public static string LastLines(string text, int count) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count));
}
