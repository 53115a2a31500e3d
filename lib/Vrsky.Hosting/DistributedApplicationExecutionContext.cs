namespace Vrsky.Hosting;

public enum DistributedApplicationOperation
{
    Run,
    Publish,
}

/// <summary>Whether this AppHost run starts the application or only writes deployment files.</summary>
public sealed class DistributedApplicationExecutionContext(DistributedApplicationOperation operation, string? publisherName = null, string? outputPath = null)
{
    public DistributedApplicationOperation Operation { get; } = operation;

    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;

    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;

    public string? PublisherName { get; } = publisherName;

    public string? OutputPath { get; } = outputPath;
}

/// <summary>An error in how the application is composed or started; its message is meant for the person running it.</summary>
public sealed class DistributedApplicationException(string message, Exception? inner = null) : Exception(message, inner);
