using Vrsky.Hosting.Publishing.Kubernetes.Resources;

namespace Vrsky.Hosting.Publishing.Kubernetes;

/// <summary>The recommended <c>app.kubernetes.io/*</c> labels every object carries.</summary>
internal static class Labels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Component = "app.kubernetes.io/component";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public static StringMap For(string name, string? component = null, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var labels = new StringMap(Selector(name, component)) { [PartOf] = "vrsky", [ManagedBy] = "vrsky-apphost" };
        foreach (var (key, value) in extra ?? [])
        {
            labels[key] = value;
        }

        return labels;
    }

    public static StringMap Selector(string name, string? component = null)
    {
        var selector = new StringMap { [Name] = name };
        if (component is not null)
        {
            selector[Component] = component;
        }

        return selector;
    }

    public static ObjectMeta Meta(string name, string @namespace, StringMap labels) => new() { Name = name, Namespace = @namespace, Labels = labels };
}
