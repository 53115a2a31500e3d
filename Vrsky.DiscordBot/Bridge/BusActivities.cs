using System.Diagnostics;
using Vrsky.Discord.Models;
using Vrsky.Nats;
using Vrsky.ServiceDefaults.Telemetry;

namespace Vrsky.DiscordBot.Bridge;

/// <summary>
/// Spans of the JetStream hops between the gateway and the workers, so one interaction is one trace across processes:
/// the gateway's <c>interaction</c> span, its <c>publish</c>, a worker's <c>process</c> (a child of that publish through
/// the <c>traceparent</c> header) with its database commands and the response's <c>publish</c>, and the gateway's
/// <c>process</c> of the response with its Discord REST calls. Names use the stream, not the per-guild subject, to stay
/// low-cardinality; payloads are never recorded (they hold interaction tokens).
/// </summary>
public static class BusActivities
{
    private const string MessageId = "messaging.message.id";
    private const string DeliveryCount = "messaging.nats.message.delivery_count";

    private static readonly ActivitySource Source = new("Vrsky.DiscordBot");

    /// <summary>
    /// The gateway's handling of one interaction from Discord, named by command (or by type for buttons and modals,
    /// whose custom ids hold round ids); it has no remote parent, so it starts the trace.
    /// </summary>
    public static Activity? StartInteraction(Interaction interaction)
    {
        var activity = Source.StartActivity($"interaction {interaction.Data?.Name ?? interaction.Type.ToString()}", ActivityKind.Consumer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("discord.interaction.id", interaction.Id);
            activity.SetTag("discord.interaction.custom_id", interaction.Data?.CustomId);
            activity.SetTag("discord.guild.id", interaction.GuildId);
        }

        return activity;
    }

    /// <summary>
    /// Starts <c>publish {stream}</c> (kind producer) under the current span and writes its context into
    /// <paramref name="headers"/>; nothing is written when nobody listens.
    /// </summary>
    public static Activity? StartPublish(string stream, string subject, string msgId, int bodySize, NatsHeaders headers)
    {
        var activity = Source.StartActivity($"publish {stream}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingActivities.System, "nats");
            activity.SetTag(MessagingActivities.OperationType, "send");
            activity.SetTag(MessagingActivities.OperationName, "publish");
            activity.SetTag(MessagingActivities.DestinationName, subject);
            activity.SetTag(MessageId, msgId);
            activity.SetTag(MessagingActivities.BodySize, bodySize);
        }

        TraceContext.Inject(activity, headers);
        return activity;
    }

    /// <summary>Starts <c>process {stream}</c> (kind consumer) as a child of the publisher's span from the message headers, or as a root.</summary>
    public static Activity? StartProcess(string stream, string consumer, string subject, NatsHeaders? headers, ulong delivery, int bodySize)
    {
        var activity = Source.StartActivity($"process {stream}", ActivityKind.Consumer, TraceContext.Extract(headers));
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingActivities.System, "nats");
            activity.SetTag(MessagingActivities.OperationType, "process");
            activity.SetTag(MessagingActivities.OperationName, "process");
            activity.SetTag(MessagingActivities.DestinationName, subject);
            activity.SetTag(MessagingActivities.SubscriptionName, consumer);
            activity.SetTag(DeliveryCount, (long)delivery);
            activity.SetTag(MessagingActivities.BodySize, bodySize);
        }

        return activity;
    }
}
