using Vrsky.Hosting.Publishing.Kubernetes;
using Vrsky.Hosting.Publishing.Kubernetes.Resources;

namespace Vrsky.Hosting.Tests.Publishing;

public sealed class KubernetesYamlTests
{
    [Fact]
    public void StringsThatYamlWouldReadAsOtherTypesAreQuoted()
    {
        var map = new ConfigMap(new ObjectMeta { Name = "c" }, new StringMap
        {
            ["bool"] = "true",
            ["number"] = "8080",
            ["no"] = "no",
            ["url"] = "http://x:1",
            ["plain"] = "in_memory",
            ["empty"] = "",
        });

        var yaml = KubernetesYaml.Serialize([map]);

        Assert.Equal("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: c
            data:
              bool: "true"
              empty: ""
              "no": "no"
              number: "8080"
              plain: in_memory
              url: "http://x:1"

            """.Replace("\r", "", StringComparison.Ordinal), yaml);
    }

    [Fact]
    public void MultiLineStringsBecomeLiteralBlocksThatReadBackExactly()
    {
        foreach (var text in new[] { "a\nb\n", "a\n  b", "a\n\nb\n\n" })
        {
            var yaml = KubernetesYaml.Serialize([new ConfigMap(new ObjectMeta { Name = "c" }, new StringMap { ["f"] = text })]);
            var read = PublishedKubernetesTree.ReadYaml(yaml).Single();
            Assert.Equal(text, (string?)read["data"]!["f"]);
        }
    }

    [Fact]
    public void EmptyObjectsAndSequencesOfMapsAreWritten()
    {
        var yaml = KubernetesYaml.Serialize([new ConfigMap(new ObjectMeta { Name = "a" }, []), new Namespace(new ObjectMeta { Name = "b" })]);
        Assert.Contains("data: {}\n---\napiVersion: v1\nkind: Namespace\n", yaml, StringComparison.Ordinal);
    }
}
