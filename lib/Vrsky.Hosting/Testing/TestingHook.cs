namespace Vrsky.Hosting.Testing;

/// <summary>
/// While the testing builder runs an AppHost's entry point, <c>CreateBuilder</c> returns a builder set up for
/// tests and <c>Build()</c> hands that builder back instead of running, so the test can adjust and start it.
/// </summary>
internal sealed class TestingHook(DistributedApplicationOptions options)
{
    private static readonly AsyncLocal<TestingHook?> CurrentHook = new();

    public static TestingHook? Current => CurrentHook.Value;

    public DistributedApplicationBuilder? Captured { get; private set; }

    public static void Install(TestingHook? hook) => CurrentHook.Value = hook;

    public IDistributedApplicationBuilder CreateBuilder(string[] args) => new DistributedApplicationBuilder(new DistributedApplicationOptions
    {
        Args = [.. options.Args, .. args],
        AppHostAssembly = options.AppHostAssembly,
        RandomizePorts = options.RandomizePorts,
        EphemeralData = options.EphemeralData,
        PersistParameters = options.PersistParameters,
        PrintToConsole = options.PrintToConsole,
        DashboardUrl = options.DashboardUrl,
    });

    public static bool TryCapture(DistributedApplicationBuilder builder)
    {
        var hook = Current;
        if (hook is null || hook.Captured is not null)
        {
            return false;
        }

        hook.Captured = builder;
        return true;
    }
}

/// <summary>Stops an AppHost's entry point at <c>Build()</c> once the testing builder has its builder.</summary>
internal sealed class EntryPointCapturedException() : Exception("The testing builder captured the application builder.");
