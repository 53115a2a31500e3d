namespace Vrsky.Hosting;

/// <summary>Reads the AppHost's own flags (Aspire's: <c>--publisher NAME --output-path PATH</c>).</summary>
internal static class CommandLine
{
    public static DistributedApplicationExecutionContext ParseExecutionContext(string[] args)
    {
        var publisher = ValueOf(args, "--publisher");
        return publisher is null
            ? new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run)
            : new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish, publisher, ValueOf(args, "--output-path"));
    }

    public static string? ValueOf(string[] args, string flag)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == flag)
            {
                return i + 1 < args.Length ? args[i + 1] : "";
            }

            if (args[i].StartsWith(flag + "=", StringComparison.Ordinal))
            {
                return args[i][(flag.Length + 1)..];
            }
        }

        return null;
    }
}
