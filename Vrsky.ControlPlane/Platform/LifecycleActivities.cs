using System.Diagnostics;

namespace Vrsky.ControlPlane.Platform;

/// <summary>
/// Spans of a platform message's life cycle (source <c>Vrsky.ControlPlane</c>): <c>message.process</c> around one run
/// of <see cref="MessageLifecycle"/>, with a child per <c>message.attempt</c>, <c>message.retry</c> (scheduling the
/// next attempt) and <c>message.dead_letter</c>. They carry tenant, integration and message ids, never the payload.
/// </summary>
public static class LifecycleActivities
{
    public const string SourceName = "Vrsky.ControlPlane";
    public const string TenantId = "vrsky.tenant.id";
    public const string IntegrationId = "vrsky.integration.id";
    public const string MessageId = "vrsky.message.id";
    public const string Attempt = "vrsky.message.attempt";
    public const string State = "vrsky.message.state";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? Start(string name, PlatformMessage message, int attempt)
    {
        var activity = Source.StartActivity(name);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TenantId, message.TenantId.ToString());
            activity.SetTag(IntegrationId, message.IntegrationId.ToString());
            activity.SetTag(MessageId, message.Id);
            activity.SetTag(Attempt, attempt);
        }

        return activity;
    }
}
