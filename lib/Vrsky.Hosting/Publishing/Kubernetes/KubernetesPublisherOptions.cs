using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Vrsky.Hosting.Publishing.Kubernetes;

/// <summary>One tenant NATS instance to deploy (configuration <c>Kubernetes:TenantNatsInstances</c>).</summary>
public sealed record TenantNatsInstance(string Tenant, int Instance);

/// <summary>
/// Settings of the Kubernetes publisher, from <c>--namespace</c>, <c>--image-registry</c>, <c>--image-tag</c>,
/// <c>--parameter name=value</c> (repeatable) and the AppHost's configuration.
/// </summary>
public sealed record KubernetesPublisherOptions
{
    /// <summary>Namespace of the application; the platform and tenants live in <c>{Namespace}-platform</c> and <c>{Namespace}-tenants</c>.</summary>
    public string Namespace { get; init; } = "vrsky";

    public string PlatformNamespace => $"{Namespace}-platform";

    public string TenantsNamespace => $"{Namespace}-tenants";

    /// <summary>Registry prefix of the projects' images (e.g. <c>ghcr.io/acme</c>); none means local image names.</summary>
    public string? ImageRegistry { get; init; }

    public string ImageTag { get; init; } = "latest";

    /// <summary>Parameter values given on the command line; they win over configuration and generated values.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<TenantNatsInstance> TenantNatsInstances { get; init; } = [];

    public static KubernetesPublisherOptions FromArgs(IReadOnlyList<string> args, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new KubernetesPublisherOptions();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var (flag, inline) = args[i].IndexOf('=', StringComparison.Ordinal) is var eq and > 0 && args[i].StartsWith("--", StringComparison.Ordinal)
                ? (args[i][..eq], args[i][(eq + 1)..])
                : (args[i], null);
            if (flag is not ("--namespace" or "--image-registry" or "--image-tag" or "--parameter"))
            {
                continue;
            }

            var value = inline ?? (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new DistributedApplicationException($"{flag} needs a value.");
            }

            switch (flag)
            {
                case "--namespace":
                    options = options with { Namespace = ValidNamespace(value) };
                    break;
                case "--image-registry":
                    options = options with { ImageRegistry = value.TrimEnd('/') };
                    break;
                case "--image-tag":
                    options = options with { ImageTag = value };
                    break;
                default:
                    var split = value.IndexOf('=', StringComparison.Ordinal);
                    if (split <= 0)
                    {
                        throw new DistributedApplicationException($"--parameter '{value}' is not of the form name=value.");
                    }

                    parameters[value[..split]] = value[(split + 1)..];
                    break;
            }
        }

        return options with { Parameters = parameters, TenantNatsInstances = TenantInstances(configuration) };
    }

    private static List<TenantNatsInstance> TenantInstances(IConfiguration configuration)
    {
        var instances = new List<TenantNatsInstance>();
        foreach (var section in configuration.GetSection("Kubernetes:TenantNatsInstances").GetChildren())
        {
            var tenant = section["Tenant"];
            if (string.IsNullOrWhiteSpace(tenant) || !int.TryParse(section["Instance"], NumberStyles.None, CultureInfo.InvariantCulture, out var instance))
            {
                throw new DistributedApplicationException(
                    $"Configuration '{section.Path}' needs a Tenant (slug) and an Instance (number), e.g. {{ \"Tenant\": \"demo-tenant\", \"Instance\": 1 }}.");
            }

            instances.Add(new TenantNatsInstance(tenant, instance));
        }

        return instances;
    }

    private static string ValidNamespace(string value)
    {
        // Room for the "-platform" suffix within a 63-character DNS label.
        if (value.Length > 54 || !char.IsAsciiLetterLower(value[0]) || value[^1] == '-'
            || value.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            throw new DistributedApplicationException(
                $"--namespace '{value}' is not a valid namespace: use at most 54 lower-case letters, digits and '-', starting with a letter.");
        }

        return value;
    }
}
