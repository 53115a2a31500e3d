using System.Reflection;
using Microsoft.Extensions.Configuration;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Testing;

/// <summary>An application builder for tests: build it, then start the application it describes.</summary>
public interface IDistributedApplicationTestingBuilder : IDistributedApplicationBuilder
{
    Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Starts an AppHost's resource graph from a test, as Aspire.Hosting.Testing does. Tests always get free ports,
/// throw-away data, no persisted parameters and a dashboard on a free port, so two runs never collide.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>Runs <typeparamref name="TEntryPoint"/>'s entry point up to <c>Build()</c> and returns its builder.</summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(CancellationToken cancellationToken = default)
        where TEntryPoint : class =>
        CreateAsync<TEntryPoint>([], cancellationToken);

    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(string[] args, CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        var assembly = typeof(TEntryPoint).Assembly;
        var entryPoint = assembly.EntryPoint ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no entry point.");
        var hook = new TestingHook(TestOptions(args, assembly));
        TestingHook.Install(hook);
        try
        {
            var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args]);
            if (result is Task task)
            {
                await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is TargetInvocationException { InnerException: EntryPointCapturedException } or EntryPointCapturedException)
        {
            // Expected: the entry point stopped at Build().
        }
        finally
        {
            TestingHook.Install(null);
        }

        return new TestingBuilder(hook.Captured
            ?? throw new InvalidOperationException($"{assembly.GetName().Name}'s entry point never called DistributedApplication.CreateBuilder(...).Build()."));
    }

    /// <summary>
    /// An empty builder for tests that compose a graph of their own; project paths and build output resolve as
    /// they do for <typeparamref name="TEntryPoint"/>'s AppHost.
    /// </summary>
    public static IDistributedApplicationTestingBuilder Create<TEntryPoint>(params string[] args) where TEntryPoint : class =>
        new TestingBuilder(new DistributedApplicationBuilder(TestOptions(args, typeof(TEntryPoint).Assembly)));

    private static DistributedApplicationOptions TestOptions(string[] args, Assembly appHost) => new()
    {
        Args = args,
        AppHostAssembly = appHost,
        RandomizePorts = true,
        EphemeralData = true,
        PersistParameters = false,
        PrintToConsole = false,
        DashboardUrl = "http://127.0.0.1:0",
    };

    private sealed class TestingBuilder(DistributedApplicationBuilder inner) : IDistributedApplicationTestingBuilder, IParameterFactory
    {
        public ConfigurationManager Configuration => inner.Configuration;

        public DistributedApplicationExecutionContext ExecutionContext => inner.ExecutionContext;

        public DistributedApplicationOptions Options => inner.Options;

        public string AppHostDirectory => inner.AppHostDirectory;

        public IReadOnlyList<IResource> Resources => inner.Resources;

        public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource => inner.AddResource(resource);

        public IResourceBuilder<T> CreateResourceBuilder<T>(string name) where T : IResource => inner.CreateResourceBuilder<T>(name);

        public DistributedApplication Build() => inner.Build();

        ParameterResource IParameterFactory.CreateParameter(string name, bool secret, GeneratedParameterDefault? generate) =>
            ((IParameterFactory)inner).CreateParameter(name, secret, generate);

        public Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default) => Task.FromResult(inner.Build());
    }
}
