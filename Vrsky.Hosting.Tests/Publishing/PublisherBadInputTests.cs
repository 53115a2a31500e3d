namespace Vrsky.Hosting.Tests.Publishing;

/// <summary>Bad flags get one clear line on stderr, exit code 1, and no output at all.</summary>
public sealed class PublisherBadInputTests
{
    [Fact]
    public async Task UnknownPublisherIsNamedWithTheKnownOnes()
    {
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "out");
        var result = await AppHostProcess.RunAsync("--publisher", "helm", "--output-path", output);
        AssertFailsWith(result, "Unknown publisher 'helm'. Known publishers: kubernetes, manifest.");
        Assert.False(Path.Exists(output));
    }

    [Theory]
    [InlineData("manifest")]
    [InlineData("kubernetes")]
    public async Task MissingOutputPathIsReported(string publisher)
    {
        var result = await AppHostProcess.RunAsync("--publisher", publisher);
        AssertFailsWith(result, $"The {publisher} publisher needs --output-path");
    }

    [Fact]
    public async Task ParameterNamingNoParameterIsRejected()
    {
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "k8s");
        var result = await AppHostProcess.RunAsync("--publisher", "kubernetes", "--output-path", output, "--parameter", "db-password=x");
        AssertFailsWith(result, "--parameter names 'db-password', which is not a parameter of this application. Parameters: controlplane-admin-key, discord-token, nats-demo-tenant-password, nats-password, postgres-password, rabbitmq-password, redis-password.");
        Assert.False(Path.Exists(output));
    }

    [Fact]
    public async Task MissingDiscordTokenIsAskedForWithoutWritingAnything()
    {
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "k8s");
        var result = await AppHostProcess.RunAsync("--publisher", "kubernetes", "--output-path", output);
        AssertFailsWith(result, "Parameter 'discord-token' has no value: pass --parameter discord-token=VALUE");
        Assert.False(Path.Exists(output));
    }

    [Fact]
    public async Task TenantNatsPasswordThatWouldBreakItsConfigFileIsRejected()
    {
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "k8s");
        var result = await AppHostProcess.RunAsync("--publisher", "kubernetes", "--output-path", output,
            "--parameter", $"discord-token={PublishedKubernetesTree.DiscordToken}", "--parameter", "nats-demo-tenant-password=pa\"ss");
        AssertFailsWith(result, "Tenant NATS instance demo-tenant/1: The tenant NATS password must be 1 to 256 characters without quotes");
        Assert.False(Path.Exists(output));
    }

    [Fact]
    public async Task MalformedParameterIsRejected()
    {
        using var temp = new TempDirectory();
        var result = await AppHostProcess.RunAsync("--publisher", "kubernetes", "--output-path", Path.Combine(temp.Path, "k8s"), "--parameter", "nats-password");
        AssertFailsWith(result, "--parameter 'nats-password' is not of the form name=value.");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("Vrsky.AppHost")]
    [InlineData("lib")]
    public async Task KubernetesOutputNeverReplacesSourceCode(string path)
    {
        var target = Path.GetFullPath(Path.Combine(RepoPaths.Root, path));
        var before = Snapshot(target);
        var result = await AppHostProcess.RunAsync("--publisher", "kubernetes", "--output-path", path);
        AssertFailsWith(result, "Refusing to write to");
        Assert.Contains("holds source code", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(target));
        Assert.False(File.Exists(Path.Combine(target, "kustomization.yaml")));
    }

    [Fact]
    public async Task KubernetesOutputNeverReplacesAForeignDirectory()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "notes.txt"), "mine");
        var result = await AppHostProcess.RunAsync("--publisher", "kubernetes", "--output-path", temp.Path);
        AssertFailsWith(result, "Refusing to write to");
        Assert.Contains("is not empty and was not written by this publisher", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("Vrsky.AppHost/Program.cs", "the file name must end in .json")]
    [InlineData("Vrsky.AppHost/appsettings.json", "it exists and is not an Aspire manifest")]
    public async Task ManifestNeverOverwritesAnotherFile(string path, string reason)
    {
        var target = Path.Combine(RepoPaths.Root, path);
        var before = File.ReadAllBytes(target);
        var result = await AppHostProcess.RunAsync("--publisher", "manifest", "--output-path", path);
        AssertFailsWith(result, "Refusing to");
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(target));
    }

    [Fact]
    public async Task InvalidNamespaceIsRejected()
    {
        using var temp = new TempDirectory();
        var result = await AppHostProcess.RunAsync("--publisher", "kubernetes", "--output-path", Path.Combine(temp.Path, "k8s"), "--namespace", "Prod_1");
        AssertFailsWith(result, "--namespace 'Prod_1' is not a valid namespace");
    }

    private static void AssertFailsWith(AppHostProcess.Result result, string message)
    {
        Assert.Equal(1, result.ExitCode);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got: {result.StandardError}");
        Assert.StartsWith(message, lines[0], StringComparison.Ordinal);
    }

    /// <summary>The source files directly in <paramref name="directory"/> with their contents (other tests may add temporary files).</summary>
    private static string Snapshot(string directory) => string.Join("\n",
        Directory.EnumerateFiles(directory, "*", SearchOption.TopDirectoryOnly)
            .Where(f => Path.GetExtension(f) is ".cs" or ".csproj" or ".sln" or ".props" or ".json")
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal).Select(f => $"{f} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));
}
