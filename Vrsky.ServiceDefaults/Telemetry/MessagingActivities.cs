using System.Diagnostics;
using RabbitMQ.Client.Events;

namespace Vrsky.ServiceDefaults.Telemetry;

/// <summary>
/// The consumer side of a RabbitMQ hop. RabbitMQ.Client's own publish span (source <c>RabbitMQ.Client.Publisher</c>)
/// writes <c>traceparent</c> into the message headers; its deliver span, however, starts a new trace that only
/// links to the publisher. So consumers start this span instead, as a child of the publish span, and the whole
/// path (sender, broker hop, consumer, its database commands and its own publishes) is one trace.
/// Attributes follow the OpenTelemetry messaging conventions; bodies are never recorded.
/// </summary>
public static class MessagingActivities
{
    public const string System = "messaging.system";
    public const string OperationType = "messaging.operation.type";
    public const string OperationName = "messaging.operation.name";
    public const string DestinationName = "messaging.destination.name";
    public const string SubscriptionName = "messaging.destination.subscription.name";
    public const string RoutingKey = "messaging.rabbitmq.destination.routing_key";
    public const string BodySize = "messaging.message.body.size";

    /// <summary>
    /// Starts <c>process {queue}</c> (kind consumer) under the sender's context from the message headers; without
    /// one, under the current activity (or as a root). Null when nobody listens to <paramref name="source"/>.
    /// </summary>
    public static Activity? StartProcess(ActivitySource source, BasicDeliverEventArgs delivery, string queue)
    {
        var parent = TraceContext.Extract(delivery.BasicProperties.Headers);
        var activity = source.StartActivity($"process {queue}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(System, "rabbitmq");
            activity.SetTag(OperationType, "process");
            activity.SetTag(OperationName, "process");
            activity.SetTag(DestinationName, string.IsNullOrEmpty(delivery.Exchange) ? "amq.default" : delivery.Exchange);
            activity.SetTag(SubscriptionName, queue);
            activity.SetTag(RoutingKey, delivery.RoutingKey);
            activity.SetTag(BodySize, delivery.Body.Length);
        }

        return activity;
    }

    /// <summary>Marks the span failed with the exception's type and message (the stack stays in the logs).</summary>
    public static void RecordFailure(this Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            ["exception.type"] = exception.GetType().FullName,
            ["exception.message"] = exception.Message,
        }));
    }
}
