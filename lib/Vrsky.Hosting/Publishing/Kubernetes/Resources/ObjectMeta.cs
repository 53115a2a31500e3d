namespace Vrsky.Hosting.Publishing.Kubernetes.Resources;

/// <summary>A top-level Kubernetes object. Properties serialize in declaration order, so every kind declares these first.</summary>
public interface IKubernetesObject
{
    string ApiVersion { get; }

    string Kind { get; }

    ObjectMeta Metadata { get; }
}

/// <summary>Labels and other string maps, kept in ordinal key order so output is deterministic.</summary>
public sealed class StringMap : SortedDictionary<string, string>
{
    public StringMap() : base(StringComparer.Ordinal)
    {
    }

    public StringMap(IEnumerable<KeyValuePair<string, string>> values) : this()
    {
        foreach (var (key, value) in values)
        {
            this[key] = value;
        }
    }
}

public sealed record ObjectMeta
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public StringMap? Labels { get; init; }

    public StringMap? Annotations { get; init; }
}

public sealed record LabelSelector
{
    public StringMap? MatchLabels { get; init; }
}
