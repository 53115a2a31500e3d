using System.Globalization;
using System.Text.RegularExpressions;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Publishing.Kubernetes;

/// <summary>A resolved value and whether any secret went into it.</summary>
internal readonly record struct ResolvedValue(string Value, bool IsSecret);

/// <summary>Where an endpoint of the model lives in the cluster.</summary>
internal sealed record EndpointPlacement(string Scheme, string Host, int Port, int TargetPort);

/// <summary>
/// Turns a model value into its in-cluster value by resolving every manifest expression in it
/// (<c>{x.connectionString}</c>, <c>{p.value}</c>, <c>{x.bindings.e.host|port|targetPort|url}</c>) to service DNS names,
/// ports and parameter values, recursively. Anything it cannot resolve is an error, so no placeholder reaches the output.
/// </summary>
internal sealed partial class KubernetesValueResolver(
    IReadOnlyList<IResource> resources,
    Func<ParameterResource, string> parameterValue,
    Func<IResource, EndpointAnnotation, EndpointPlacement> placement)
{
    private readonly Dictionary<string, IResource> _byName = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public ResolvedValue Resolve(object value) => Expand(ValueResolver.ToManifestExpression(value), 0);

    /// <summary>Finds a manifest expression that survived, for the final check on the output.</summary>
    public static Match FindExpression(string text) => Expression().Match(text);

    private ResolvedValue Expand(string expression, int depth)
    {
        if (depth > 10)
        {
            throw new DistributedApplicationException($"Cannot resolve '{expression}': the references nest too deep (a cycle?).");
        }

        var secret = false;
        var value = Expression().Replace(expression, match =>
        {
            var resolved = ResolveOne(match.Value, match.Groups["resource"].Value, match.Groups["path"].Value, depth);
            secret |= resolved.IsSecret;
            return resolved.Value;
        });
        return new ResolvedValue(value, secret);
    }

    private ResolvedValue ResolveOne(string expression, string resourceName, string path, int depth)
    {
        if (!_byName.TryGetValue(resourceName, out var resource))
        {
            throw Unresolvable(expression, $"there is no resource named '{resourceName}'");
        }

        var parts = path.Split('.');
        switch (resource, parts)
        {
            case (IResourceWithConnectionString withConnectionString, ["connectionString"]):
                return Expand(withConnectionString.ConnectionStringExpression.ValueExpression, depth + 1);
            case (ParameterResource parameter, ["value"] or ["inputs", "value"]):
                return new ResolvedValue(parameterValue(parameter), parameter.Secret);
            case (_, ["bindings", var endpointName, var property]):
                var endpoint = resource.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(e => e.Name == endpointName)
                    ?? throw Unresolvable(expression, $"'{resourceName}' has no endpoint '{endpointName}'");
                var where = placement(resource, endpoint);
                return new ResolvedValue(property switch
                {
                    "host" => where.Host,
                    "port" => where.Port.ToString(CultureInfo.InvariantCulture),
                    "targetPort" => where.TargetPort.ToString(CultureInfo.InvariantCulture),
                    "url" => $"{where.Scheme}://{where.Host}:{where.Port.ToString(CultureInfo.InvariantCulture)}",
                    "scheme" => where.Scheme,
                    _ => throw Unresolvable(expression, $"'{property}' is not an endpoint property"),
                }, false);
            default:
                throw Unresolvable(expression, $"'{path}' is not something a {resource.GetType().Name} provides");
        }
    }

    private static DistributedApplicationException Unresolvable(string expression, string why) =>
        new($"The Kubernetes publisher cannot resolve '{expression}': {why}.");

    [GeneratedRegex(@"\{(?<resource>[a-z][a-z0-9-]*)\.(?<path>[A-Za-z][A-Za-z0-9.]*)\}")]
    private static partial Regex Expression();
}
