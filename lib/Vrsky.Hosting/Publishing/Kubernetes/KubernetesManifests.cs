using System.Text;
using Vrsky.Hosting.Publishing.Kubernetes.Resources;

namespace Vrsky.Hosting.Publishing.Kubernetes;

/// <summary>The rendered kustomize tree: objects per output file, plus the parameter values used.</summary>
public sealed class KubernetesManifests
{
    public const string KustomizationFile = "kustomization.yaml";
    public const string ParametersFile = "parameters.env";
    internal const string Header = "# Written by the Vrsky AppHost's kubernetes publisher; regenerate instead of editing.\n";

    internal KubernetesManifests(SortedDictionary<string, List<IKubernetesObject>> files, SortedDictionary<string, string> parameterValues)
    {
        Files = files.ToDictionary(f => f.Key, f => (IReadOnlyList<IKubernetesObject>)f.Value, StringComparer.Ordinal);
        ParameterValues = parameterValues;
    }

    /// <summary>Relative file path → the objects in it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IKubernetesObject>> Files { get; }

    public IEnumerable<IKubernetesObject> Objects => Files.OrderBy(f => f.Key, StringComparer.Ordinal).SelectMany(f => f.Value);

    /// <summary>Every parameter value used, so a later publish to the same directory keeps the same passwords.</summary>
    public IReadOnlyDictionary<string, string> ParameterValues { get; }

    /// <summary>The files to write, in path order: YAML per object group, <c>kustomization.yaml</c>, <c>parameters.env</c>.</summary>
    public SortedDictionary<string, byte[]> ToFiles()
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, objects) in Files)
        {
            files[path] = Encoding.UTF8.GetBytes(Header + KubernetesYaml.Serialize(objects));
        }

        var resources = Files.Keys.OrderBy(p => p == "namespaces.yaml" ? 0 : 1).ThenBy(p => p, StringComparer.Ordinal).ToList();
        files[KustomizationFile] = Encoding.UTF8.GetBytes(Header + KubernetesYaml.Serialize([new Kustomization(resources)]));
        var parameters = new StringBuilder();
        parameters.Append("# Parameter values of this deployment (secrets!). The next publish to this directory reuses them,\n");
        parameters.Append("# so passwords stay those the deployed servers were initialised with. Not read by kustomize.\n");
        foreach (var (name, value) in ParameterValues)
        {
            parameters.Append(name).Append('=').Append(value).Append('\n');
        }

        files[ParametersFile] = Encoding.UTF8.GetBytes(parameters.ToString());
        return files;
    }

    /// <summary>Reads <c>parameters.env</c> from an earlier output, if there is one.</summary>
    internal static Dictionary<string, string> ReadParameters(string directory)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(directory, ParametersFile);
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var split = line.IndexOf('=', StringComparison.Ordinal);
            if (!line.StartsWith('#') && split > 0)
            {
                values[line[..split]] = line[(split + 1)..];
            }
        }

        return values;
    }

    internal static bool IsEarlierOutput(string directory)
    {
        var kustomization = Path.Combine(directory, KustomizationFile);
        return File.Exists(kustomization) && File.ReadLines(kustomization).FirstOrDefault() == Header.TrimEnd('\n');
    }
}
