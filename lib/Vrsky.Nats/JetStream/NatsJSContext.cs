using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vrsky.Nats.JetStream.Internal;
using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.JetStream;

/// <inheritdoc />
public sealed partial class NatsJSContext : INatsJSContext
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly string _prefix;
    private readonly NatsRequestOpts _requestOpts;

    public NatsJSContext(INatsConnection connection, NatsJSOpts? opts = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Connection = connection;
        Opts = opts ?? NatsJSOpts.Default;
        _prefix = Opts.EffectivePrefix;
        _requestOpts = new NatsRequestOpts { Timeout = Opts.RequestTimeout };
    }

    public INatsConnection Connection { get; }

    public NatsJSOpts Opts { get; }

    internal static NatsJSJsonContext Json => NatsJSJsonContext.Default;

    /// <summary>Full API subject for <paramref name="suffix"/>, e.g. <c>STREAM.INFO.ORDERS</c>.</summary>
    internal string ApiSubject(string suffix) => $"{_prefix}.{suffix}";

    /// <summary>A JSON API call with an empty body.</summary>
    internal ValueTask<TResponse> ApiRequestAsync<TResponse>(string suffix, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken) =>
        SendApiAsync(suffix, [], responseInfo, cancellationToken);

    /// <summary>A JSON API call: serialises the body (none when null), maps an <c>error</c> reply to an exception, parses the rest.</summary>
    internal ValueTask<TResponse> ApiRequestAsync<TRequest, TResponse>(
        string suffix, TRequest? request, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
        where TRequest : class =>
        SendApiAsync(suffix, request is null ? [] : JsonSerializer.SerializeToUtf8Bytes(request, requestInfo), responseInfo, cancellationToken);

    private async ValueTask<TResponse> SendApiAsync<TResponse>(string suffix, byte[] body, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
    {
        var reply = await RequestAsync<byte[], byte[]>(ApiSubject(suffix), body, headers: null, cancellationToken).ConfigureAwait(false);
        return ParseApiReply(reply.Data, responseInfo, suffix);
    }

    /// <summary>
    /// A raw request that retries 503 no-responders for <see cref="NatsJSOpts.NoRespondersRetry"/>
    /// with capped exponential back-off; the request was never received, so retrying is safe.
    /// </summary>
    internal async ValueTask<NatsMsg<TReply>> RequestAsync<TRequest, TReply>(string subject, TRequest body, NatsHeaders? headers, CancellationToken cancellationToken)
    {
        var retryFor = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            try
            {
                return await Connection.RequestAsync<TRequest, TReply>(subject, body, headers, _requestOpts, cancellationToken).ConfigureAwait(false);
            }
            catch (NatsNoRespondersException ex)
            {
                if (retryFor.Elapsed >= Opts.NoRespondersRetry)
                {
                    throw new NatsJSException($"No JetStream responder for '{subject}' after {Opts.NoRespondersRetry.TotalSeconds:0.#} s: JetStream is disabled, no stream captures the subject, or no leader is elected", ex);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>Parses a JSON API reply, throwing the typed exception when it carries an <c>error</c>.</summary>
    internal static T ParseApiReply<T>(byte[]? data, JsonTypeInfo<T> info, string what)
    {
        if (data is not { Length: > 0 })
        {
            throw new NatsJSException($"Empty reply from JetStream for '{what}'");
        }

        ThrowIfApiError(data);
        return JsonSerializer.Deserialize(data, info) ?? throw new NatsJSException($"JetStream reply for '{what}' was JSON null");
    }

    internal static void ThrowIfApiError(ReadOnlySpan<byte> data)
    {
        // Success replies rarely mention "error", so the full error parse only runs when it might matter.
        if (data.IndexOf("\"error\""u8) < 0)
        {
            return;
        }

        if (JsonSerializer.Deserialize(data, Json.ApiErrorResponse)?.Error is { } error)
        {
            throw NatsJSApiException.Create(error);
        }
    }
}
