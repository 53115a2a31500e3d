namespace Vrsky.TestUtilities;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vrsky.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Vrsky.sln not found above the test output directory.");
    }
}
