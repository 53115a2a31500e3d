using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vrsky.ControlPlane.Tests.Infrastructure;

public sealed record KubernetesRequest(string Method, string Path, string? Authorization, string? ContentType, string Body);

/// <summary>
/// An HTTP server answering like the Kubernetes API server: every call succeeds and every Deployment reports one
/// ready replica, except the first <c>refuseFirst</c> calls, which get 403 with a Status message; with
/// <c>objectsGone</c>, every object was deleted already, so a DELETE gets 404 with a NotFound Status.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _objectsGone;
    private int _toRefuse;

    private FakeKubernetesApi(WebApplication app, int refuseFirst, bool objectsGone)
    {
        _app = app;
        _toRefuse = refuseFirst;
        _objectsGone = objectsGone;
    }

    public ConcurrentQueue<KubernetesRequest> Requests { get; } = new();

    public string Address => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<FakeKubernetesApi> StartAsync(int refuseFirst = 0, bool objectsGone = false)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeKubernetesApi(app, refuseFirst, objectsGone);
        app.Run(api.AnswerAsync);
        await app.StartAsync();
        return api;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        Requests.Enqueue(new KubernetesRequest(context.Request.Method, context.Request.Path.Value!, context.Request.Headers.Authorization.ToString(),
            context.Request.ContentType, body));
        context.Response.ContentType = "application/json";
        if (Interlocked.Decrement(ref _toRefuse) >= 0)
        {
            context.Response.StatusCode = (int)HttpStatusCode.Forbidden;
            await context.Response.WriteAsync("""{"kind":"Status","message":"deployments is forbidden: User cannot patch deployments"}""");
            return;
        }

        if (_objectsGone && context.Request.Method == HttpMethods.Delete)
        {
            context.Response.StatusCode = (int)HttpStatusCode.NotFound;
            await context.Response.WriteAsync("""{"kind":"Status","status":"Failure","reason":"NotFound","code":404,"message":"not found"}""");
            return;
        }

        await context.Response.WriteAsync("""{"status":{"readyReplicas":1}}""");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
