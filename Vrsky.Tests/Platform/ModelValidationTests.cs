using Vrsky.Hosting;
using Vrsky.Hosting.Testing;

namespace Vrsky.Tests.Platform;

/// <summary>A graph that cannot run is refused when it is built, with the resource named.</summary>
public sealed class ModelValidationTests
{
    [Fact]
    public void DuplicateNamesAreRejected()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        builder.AddRedis("cache");
        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddNats("cache"));
        Assert.Contains("'cache'", error.Message);
    }

    [Fact]
    public void WaitForCyclesAreRejectedNamingTheCycle()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        var a = builder.AddProject("alpha", "../Vrsky.Gateway/Vrsky.Gateway.csproj");
        var b = builder.AddProject("beta", "../Vrsky.ChatService/Vrsky.ChatService.csproj").WaitFor(a);
        a.WaitFor(b);
        var error = Assert.Throws<DistributedApplicationException>(() => builder.Build());
        Assert.Contains("WaitFor cycle", error.Message);
        Assert.Contains("alpha -> beta -> alpha", error.Message);
    }

    [Fact]
    public void ReferenceToAResourceOutsideTheApplicationIsRejected()
    {
        var other = DistributedApplicationTestingBuilder.Create<Program>();
        var foreignNats = other.AddNats("elsewhere");
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        builder.AddProject("gateway", "../Vrsky.Gateway/Vrsky.Gateway.csproj").WithReference(foreignNats);
        var error = Assert.Throws<DistributedApplicationException>(() => builder.Build());
        Assert.Contains("'gateway' references 'elsewhere'", error.Message);
    }

    [Fact]
    public void TwoResourcesAskingForOnePortAreRejected()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        builder.AddProject("gateway", "../Vrsky.Gateway/Vrsky.Gateway.csproj").WithHttpEndpoint(port: 9090);
        builder.AddProject("chatservice", "../Vrsky.ChatService/Vrsky.ChatService.csproj").WithHttpEndpoint(port: 9090);
        var error = Assert.Throws<DistributedApplicationException>(() => builder.Build());
        Assert.Contains("Port 9090", error.Message);
        Assert.Contains("gateway/http", error.Message);
        Assert.Contains("chatservice/http", error.Message);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("with_underscore")]
    [InlineData("-leading")]
    public void InvalidResourceNamesAreRejected(string name)
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        var error = Assert.Throws<ArgumentException>(() => builder.AddRedis(name));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void MissingProjectFileIsRejectedWithItsPath()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Program>();
        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddProject("ghost", "../Nope/Nope.csproj"));
        Assert.Contains("Nope.csproj", error.Message);
    }
}
