using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Dashboard.Resources;

/// <summary>The edges between resources as the model declares them: references (<c>WithReference</c>, a database's server) and <c>WaitFor</c>.</summary>
internal static class ResourceGraph
{
    public static IReadOnlyList<string> References(IResource resource) =>
    [
        .. resource.Annotations.OfType<ResourceReferenceAnnotation>().Select(r => r.Resource.Name)
            .Concat(resource is IResourceWithParent child ? [child.Parent.Name] : [])
            .Distinct(StringComparer.Ordinal),
    ];

    public static IReadOnlyList<string> Waits(IResource resource) =>
        [.. resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>Layer of each resource: 0 for what depends on nothing, else one more than its deepest dependency.</summary>
    public static Dictionary<string, int> Layers(IReadOnlyList<IResource> resources)
    {
        var byName = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var layers = new Dictionary<string, int>(StringComparer.Ordinal);
        int LayerOf(IResource resource, int depth)
        {
            if (layers.TryGetValue(resource.Name, out var known))
            {
                return known;
            }

            // The model validator refuses WaitFor cycles; the depth guard keeps a reference cycle from recursing forever.
            var dependencies = References(resource).Concat(Waits(resource)).Where(byName.ContainsKey).ToList();
            var layer = depth > resources.Count || dependencies.Count == 0 ? 0 : dependencies.Max(d => LayerOf(byName[d], depth + 1)) + 1;
            layers[resource.Name] = layer;
            return layer;
        }

        foreach (var resource in resources)
        {
            LayerOf(resource, 0);
        }

        return layers;
    }
}
