using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Vrsky.Hosting.Publishing.Kubernetes;
using Vrsky.Hosting.Publishing.Kubernetes.Resources;

namespace Vrsky.ControlPlane.Instances.Kubernetes;

/// <summary>The three calls the provisioner needs from the Kubernetes API: server-side apply, delete, deployment status.</summary>
public sealed class KubernetesApiClient(HttpClient http, IOptions<ProvisionerOptions> options)
{
    private const string FieldManager = "vrsky-controlplane";
    private readonly ProvisionerOptions _options = options.Value;

    public async Task ApplyAsync(IKubernetesObject obj, CancellationToken cancellationToken)
    {
        // JSON is YAML, so the typed object goes out as the apply-patch+yaml body unchanged.
        using var request = await RequestAsync(HttpMethod.Patch, $"{PathOf(obj)}?fieldManager={FieldManager}&force=true", cancellationToken);
        request.Content = new StringContent(KubernetesYaml.ToNode(obj).ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, $"apply {obj.Kind} {obj.Metadata.Name}", cancellationToken);
    }

    /// <summary>Deletes the object; one that is already gone counts as deleted.</summary>
    public async Task DeleteAsync(IKubernetesObject obj, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Delete, PathOf(obj), cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, $"delete {obj.Kind} {obj.Metadata.Name}", cancellationToken);
        }
    }

    public async Task<int> GetReadyReplicasAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, PathOf(deployment), cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, $"read Deployment {deployment.Metadata.Name}", cancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return body?["status"]?["readyReplicas"]?.GetValue<int>() ?? 0;
    }

    /// <summary>e.g. <c>/apis/apps/v1/namespaces/vrsky-tenants/deployments/nats-acme-1</c>; core kinds live under <c>/api/v1</c>.</summary>
    public static string PathOf(IKubernetesObject obj)
    {
        var group = obj.ApiVersion.Contains('/') ? $"/apis/{obj.ApiVersion}" : $"/api/{obj.ApiVersion}";
        var kind = obj.Kind.ToLowerInvariant();
        var resource = kind.EndsWith('y') ? kind[..^1] + "ies" : kind + "s";
        return $"{group}/namespaces/{obj.Metadata.Namespace}/{resource}/{obj.Metadata.Name}";
    }

    /// <summary>Service-account tokens are rotated by the kubelet, so the file is read for every request.</summary>
    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = (await File.ReadAllTextAsync(_options.TokenPath, cancellationToken)).Trim();
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"The service-account token at {_options.TokenPath} cannot be read: {e.Message}", e);
        }

        var request = new HttpRequestMessage(method, new Uri(new Uri(_options.ApiServer), path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            // The API server's Status message says what was wrong; it never echoes the token.
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var message = JsonNode.Parse(body.Length == 0 ? "{}" : body)?["message"]?.GetValue<string>() ?? body;
            throw new InvalidOperationException($"Kubernetes refused to {what}: {(int)response.StatusCode} {message[..Math.Min(message.Length, 300)]}");
        }
    }

    /// <summary>Trusts the cluster CA from the service-account mount when it exists, else the system store.</summary>
    public static SocketsHttpHandler CreateHandler(ProvisionerOptions options)
    {
        var handler = new SocketsHttpHandler();
        if (File.Exists(options.CaCertificatePath))
        {
            var ca = X509Certificate2.CreateFromPemFile(options.CaCertificatePath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return handler;
    }
}
