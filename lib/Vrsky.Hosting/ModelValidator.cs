using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting;

/// <summary>Rejects a graph that cannot run, at build time, with a message naming the resource.</summary>
internal static class ModelValidator
{
    public static void Validate(IReadOnlyList<IResource> resources)
    {
        var known = resources.ToHashSet();
        foreach (var resource in resources)
        {
            foreach (var target in Dependencies(resource))
            {
                if (!known.Contains(target))
                {
                    throw new DistributedApplicationException(
                        $"Resource '{resource.Name}' references '{target.Name}', which is not part of this application.");
                }
            }
        }

        ThrowOnWaitCycle(resources);
        ThrowOnPortClash(resources);
    }

    private static IEnumerable<IResource> Dependencies(IResource resource) =>
        resource.Annotations.OfType<ResourceReferenceAnnotation>().Select(a => a.Resource)
            .Concat(resource.Annotations.OfType<WaitAnnotation>().Select(a => a.Resource));

    private static void ThrowOnWaitCycle(IReadOnlyList<IResource> resources)
    {
        var done = new HashSet<IResource>();
        foreach (var resource in resources)
        {
            Visit(resource, [], done);
        }

        static void Visit(IResource resource, List<IResource> path, HashSet<IResource> done)
        {
            if (done.Contains(resource))
            {
                return;
            }

            if (path.Contains(resource))
            {
                var cycle = path.SkipWhile(r => r != resource).Append(resource).Select(r => r.Name);
                throw new DistributedApplicationException($"WaitFor cycle: {string.Join(" -> ", cycle)}.");
            }

            path.Add(resource);
            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
            {
                Visit(wait.Resource, path, done);
            }

            path.RemoveAt(path.Count - 1);
            done.Add(resource);
        }
    }

    private static void ThrowOnPortClash(IReadOnlyList<IResource> resources)
    {
        var owners = new Dictionary<int, string>();
        foreach (var resource in resources)
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.Port is not null))
            {
                var owner = $"{resource.Name}/{endpoint.Name}";
                if (!owners.TryAdd(endpoint.Port!.Value, owner))
                {
                    throw new DistributedApplicationException(
                        $"Port {endpoint.Port} is asked for by both '{owners[endpoint.Port.Value]}' and '{owner}'.");
                }
            }
        }
    }
}
