using System.Runtime.InteropServices;

namespace Vrsky.Hosting.Orchestration;

/// <summary>Who the AppHost runs as, and handing a directory to the user a server must run as.</summary>
internal static partial class ProcessUser
{
    public static bool IsRoot => geteuid() == 0;

    /// <summary>Gives <paramref name="directory"/> (recursively) to <paramref name="user"/>; no-op when user is null.</summary>
    public static Task GiveToAsync(string directory, string? user, CancellationToken cancellationToken) =>
        user is null
            ? Task.CompletedTask
            : ProcessRunner.RunToCompletionAsync(
                new ApplicationModel.LocalProcessSpec("chown", ["-R", $"{user}:{user}", directory]), TimeSpan.FromSeconds(30), cancellationToken);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
