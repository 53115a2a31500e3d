namespace Vrsky.TokenWorker.Tests.Infrastructure;

/// <summary>Holds every token endpoint call for a while before it reaches the real IdP, so requests are in flight when a test acts.</summary>
public sealed class SlowIdpHandler(TimeSpan delay) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
