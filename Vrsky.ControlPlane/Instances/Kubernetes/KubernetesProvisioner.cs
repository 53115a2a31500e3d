using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Vrsky.Hosting.Orchestration;
using Vrsky.Hosting.Publishing.Kubernetes;
using Vrsky.Hosting.Publishing.Kubernetes.Resources;

namespace Vrsky.ControlPlane.Instances.Kubernetes;

/// <summary>
/// Runs each tenant instance as the Deployment, Service and NetworkPolicy that the Kubernetes publisher renders
/// (<see cref="TenantNatsRenderer"/>), plus a Secret with the tenant's credentials that the server requires, like a
/// local instance does. Applied with server-side apply (idempotent: applying again changes nothing) under the pod's
/// service-account token, or written to a folder in dry-run mode.
/// </summary>
public sealed class KubernetesProvisioner(IOptions<ProvisionerOptions> options, KubernetesApiClient api, ILogger<KubernetesProvisioner> logger) : IInstanceProvisioner
{
    private static readonly TimeSpan ReadyPoll = TimeSpan.FromSeconds(1);
    private readonly ProvisionerOptions _options = options.Value;

    private TenantNatsOptions RenderOptions => TenantNatsOptions.Default with
    {
        Namespace = _options.Namespace,
        ClientNamespaces = _options.ClientNamespaces,
        Image = _options.Image ?? TenantNatsOptions.Default.Image,
        Monitors = _options is { MonitorNamespace: { } ns, MonitorApp: { } app } ? [new TenantNatsMonitor(ns, app)] : [],
    };

    public async Task<InstanceEndpoints> ProvisionAsync(InstanceSpec spec, IProgress<string> progress, CancellationToken cancellationToken = default)
    {
        var objects = Render(spec);
        var name = TenantNatsRenderer.Name(spec.TenantSlug, spec.InstanceNumber);
        var endpoints = new InstanceEndpoints(
            TenantNatsRenderer.ClientUrl(spec.TenantSlug, spec.InstanceNumber, RenderOptions),
            $"http://{name}.{_options.Namespace}.svc.cluster.local:{TenantNatsRenderer.MonitorPort}");
        if (_options.DryRunDirectory is { } folder)
        {
            Directory.CreateDirectory(folder);
            // The Secret carries the tenant's password: only this user may read the file.
            await PrivateFile.WriteAsync(Path.Combine(folder, $"{name}.yaml"), objects.ToYaml(), cancellationToken);
            progress.Report($"wrote {name}.yaml (dry run)");
            return endpoints;
        }

        foreach (var obj in objects.All)
        {
            progress.Report($"applying {obj.Kind} {obj.Metadata.Name}");
            await api.ApplyAsync(obj, cancellationToken);
        }

        progress.Report($"waiting for deployment {name} to be ready");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ReadyTimeout);
        try
        {
            while (await api.GetReadyReplicasAsync(objects.Deployment, deadline.Token) < 1)
            {
                await Task.Delay(ReadyPoll, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"Deployment {name} was not ready within {_options.ReadyTimeout.TotalSeconds:0} s.");
        }

        ControlPlaneLog.KubernetesInstanceApplied(logger, name, _options.Namespace);
        return endpoints;
    }

    private TenantNatsObjects Render(InstanceSpec spec) =>
        TenantNatsRenderer.Render(spec.TenantSlug, spec.InstanceNumber, RenderOptions, new TenantNatsAuth(spec.Credentials.User, spec.Credentials.Password));

    public async Task DeprovisionAsync(InstanceSpec spec, CancellationToken cancellationToken = default)
    {
        var objects = Render(spec);
        var name = TenantNatsRenderer.Name(spec.TenantSlug, spec.InstanceNumber);
        if (_options.DryRunDirectory is { } folder)
        {
            File.Delete(Path.Combine(folder, $"{name}.yaml"));
            return;
        }

        foreach (var obj in objects.All)
        {
            await api.DeleteAsync(obj, cancellationToken);
        }

        ControlPlaneLog.KubernetesInstanceDeleted(logger, name, _options.Namespace);
    }
}
