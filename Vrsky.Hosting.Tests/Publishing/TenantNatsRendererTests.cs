using Vrsky.Hosting.Publishing.Kubernetes;

namespace Vrsky.Hosting.Tests.Publishing;

public sealed class TenantNatsRendererTests
{
    [Fact]
    public void NamesFollowTheSeedConvention()
    {
        Assert.Equal("nats-acme-corp-2", TenantNatsRenderer.Name("acme-corp", 2));
        Assert.Equal("nats://nats-acme-corp-2.vrsky-tenants.svc.cluster.local:4222", TenantNatsRenderer.ClientUrl("acme-corp", 2));
    }

    [Fact]
    public void EachInstanceGetsItsOwnPolicySoRemovingOneLeavesTheOtherIsolated()
    {
        var first = TenantNatsRenderer.Render("acme-corp", 1);
        var second = TenantNatsRenderer.Render("acme-corp", 2);

        Assert.NotEqual(first.NetworkPolicy.Metadata.Name, second.NetworkPolicy.Metadata.Name);
        Assert.Equal("1", first.NetworkPolicy.Spec.PodSelector.MatchLabels!["instance-num"]);
        Assert.Equal("2", second.NetworkPolicy.Spec.PodSelector.MatchLabels!["instance-num"]);
        Assert.Equal(first.Deployment.Spec.Selector.MatchLabels, first.Service.Spec.Selector);
        Assert.Equal(first.Deployment.Spec.Selector.MatchLabels, first.NetworkPolicy.Spec.PodSelector.MatchLabels);
    }

    [Fact]
    public void ClientNamespacesAdmitOnlyPodsOfTheSameTenant()
    {
        var objects = TenantNatsRenderer.Render("demo-tenant", 1, new TenantNatsOptions { ClientNamespaces = ["vrsky"] });
        var peers = objects.NetworkPolicy.Spec.Ingress![0].From;

        Assert.Equal(2, peers.Count);
        Assert.All(peers, p => Assert.Equal("demo-tenant", p.PodSelector!.MatchLabels!["tenant-id"]));
        Assert.Equal("vrsky", peers[1].NamespaceSelector!.MatchLabels!["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public void RenderingIsDeterministic() =>
        Assert.Equal(TenantNatsRenderer.Render("demo-tenant", 1).ToYaml(), TenantNatsRenderer.Render("demo-tenant", 1).ToYaml());

    [Theory]
    [InlineData("Demo", 1)]
    [InlineData("demo_tenant", 1)]
    [InlineData("-demo", 1)]
    [InlineData("demo", 0)]
    [InlineData("a-very-long-tenant-slug-that-does-not-fit-anywhere", 1)]
    public void InvalidTenantOrInstanceIsRejected(string tenant, int instance) =>
        Assert.ThrowsAny<ArgumentException>(() => TenantNatsRenderer.Render(tenant, instance));
}
