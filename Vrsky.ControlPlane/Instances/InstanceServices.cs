using Microsoft.Extensions.Options;
using Vrsky.ControlPlane.Instances.Kubernetes;
using Vrsky.ControlPlane.Instances.Local;

namespace Vrsky.ControlPlane.Instances;

public static class InstanceServices
{
    private static readonly TimeSpan MonitorTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The provisioner named by <c>ControlPlane:Provisioner:Kind</c>, its job worker, and the instance stores.</summary>
    public static IServiceCollection AddInstanceServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient<NatsMonitorClient>(c => c.Timeout = MonitorTimeout);
        services.AddSingleton<InstanceStore>();
        services.AddSingleton<ProvisioningJobs>();
        services.AddSingleton<InstanceScaler>();
        if (configuration[$"{ProvisionerOptions.Section}:Kind"] == ProvisionerOptions.Kubernetes)
        {
            services.AddHttpClient<KubernetesApiClient>()
                .ConfigurePrimaryHttpMessageHandler(sp => KubernetesApiClient.CreateHandler(sp.GetRequiredService<IOptions<ProvisionerOptions>>().Value));
            services.AddSingleton<IInstanceProvisioner, KubernetesProvisioner>();
        }
        else
        {
            // Disposed by the container on shutdown, which stops every local server.
            services.AddSingleton<LocalNatsProvisioner>();
            services.AddSingleton<IInstanceProvisioner>(sp => sp.GetRequiredService<LocalNatsProvisioner>());
        }

        services.AddHostedService<ProvisioningWorker>();
        return services;
    }
}
