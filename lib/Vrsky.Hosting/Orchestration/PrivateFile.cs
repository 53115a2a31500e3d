namespace Vrsky.Hosting.Orchestration;

/// <summary>Writes files that hold secrets so only their owner can read them.</summary>
public static class PrivateFile
{
    public static async Task WriteAsync(string path, string content, CancellationToken cancellationToken = default)
    {
        await using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(content.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        // UnixCreateMode only applies to new files; an existing file keeps its mode unless reset.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
