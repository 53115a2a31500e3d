namespace Vrsky.Hosting.Publishing;

/// <summary>
/// Where publishers may write, and how: every check runs before the first byte is written, and output appears
/// all at once (a temporary file or directory beside the target, then a rename), so a failure leaves nothing
/// half-written and never touches source code.
/// </summary>
internal static class PublishOutput
{
    /// <summary>File kinds a publisher must never overwrite or delete.</summary>
    private static readonly HashSet<string> SourceExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".csproj", ".sln", ".slnx", ".props", ".targets", ".fs", ".fsproj", ".vb", ".vbproj", ".razor", ".cshtml",
    };

    public static string RequireOutputPath(DistributedApplicationExecutionContext context, string example)
    {
        if (string.IsNullOrWhiteSpace(context.OutputPath))
        {
            throw new DistributedApplicationException(
                $"The {context.PublisherName} publisher needs --output-path (for example: --publisher {context.PublisherName} --output-path {example}).");
        }

        return Path.GetFullPath(context.OutputPath);
    }

    /// <summary>The manifest file to write: a <c>.json</c> path, or <c>aspire-manifest.json</c> inside an existing directory.</summary>
    public static string ResolveManifestFile(string outputPath)
    {
        var path = Directory.Exists(outputPath) ? Path.Combine(outputPath, "aspire-manifest.json") : outputPath;
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new DistributedApplicationException($"Refusing to write the manifest to '{path}': the file name must end in .json (e.g. aspire-manifest.json).");
        }

        if (Directory.Exists(path))
        {
            throw new DistributedApplicationException($"Refusing to write the manifest to '{path}': it is a directory.");
        }

        if (File.Exists(path) && !LooksLikeManifest(path))
        {
            throw new DistributedApplicationException(
                $"Refusing to overwrite '{path}': it exists and is not an Aspire manifest. Choose another --output-path.");
        }

        return path;
    }

    /// <summary>Throws unless <paramref name="directory"/> is new, empty, or an earlier output of the same publisher.</summary>
    public static void ThrowUnlessReplaceable(string directory, Func<string, bool> isEarlierOutput)
    {
        if (File.Exists(directory))
        {
            throw new DistributedApplicationException($"Refusing to write to '{directory}': it is a file, and the output is a directory.");
        }

        if (!Directory.Exists(directory))
        {
            return;
        }

        if (Path.GetPathRoot(directory) == directory)
        {
            throw new DistributedApplicationException($"Refusing to write to '{directory}': it is a file-system root.");
        }

        var code = FindSourceFile(directory);
        if (code is not null)
        {
            throw new DistributedApplicationException(
                $"Refusing to write to '{directory}': it holds source code ({Path.GetRelativePath(directory, code)}) that the output would replace. " +
                "Choose a new or empty directory, such as deploy/k8s.");
        }

        if (Directory.EnumerateFileSystemEntries(directory).Any() && !isEarlierOutput(directory))
        {
            throw new DistributedApplicationException(
                $"Refusing to write to '{directory}': it is not empty and was not written by this publisher. Choose a new or empty directory.");
        }
    }

    /// <summary>Writes a file through a temporary sibling, then renames it over the target.</summary>
    public static async Task WriteFileAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temp, content, cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Writes a whole directory: <paramref name="files"/> (relative path → content) go to a temporary sibling, which
    /// then takes the target's place; the previous output is removed only after the new one is in place.
    /// </summary>
    public static async Task ReplaceDirectoryAsync(string directory, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(directory)!;
        Directory.CreateDirectory(parent);
        var name = Path.GetFileName(directory);
        var temp = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.tmp");
        var old = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.old");
        try
        {
            foreach (var (relative, content) in files)
            {
                var path = Path.Combine(temp, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, content, cancellationToken).ConfigureAwait(false);
            }

            if (Directory.Exists(directory))
            {
                Directory.Move(directory, old);
            }

            Directory.Move(temp, directory);
        }
        catch
        {
            if (!Directory.Exists(directory) && Directory.Exists(old))
            {
                Directory.Move(old, directory);
            }

            throw;
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            if (Directory.Exists(old))
            {
                Directory.Delete(old, recursive: true);
            }
        }
    }

    private static string? FindSourceFile(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", options))
        {
            if (Path.GetFileName(entry) == ".git" || SourceExtensions.Contains(Path.GetExtension(entry)))
            {
                return entry;
            }
        }

        return null;
    }

    private static bool LooksLikeManifest(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = System.Text.Json.JsonDocument.Parse(stream);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("$schema", out var schema)
                && schema.ValueKind == System.Text.Json.JsonValueKind.String
                && schema.GetString()!.Contains("aspire", StringComparison.OrdinalIgnoreCase);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
