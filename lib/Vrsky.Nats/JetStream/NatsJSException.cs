using Vrsky.Nats.JetStream.Models;

namespace Vrsky.Nats.JetStream;

/// <summary>Base of JetStream failures that are not plain connection errors.</summary>
public class NatsJSException : NatsException
{
    public NatsJSException(string message)
        : base(message)
    {
    }

    public NatsJSException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The JetStream API answered with <c>{"error":{...}}</c>. <see cref="Code"/> is the HTTP-like status,
/// <see cref="ErrorCode"/> JetStream's own err_code; well-known codes raise the sealed subclasses below.
/// </summary>
public class NatsJSApiException : NatsJSException
{
    public NatsJSApiException(ApiError error)
        : base($"JetStream API error {error.Code} (err_code {error.ErrCode}): {error.Description}")
    {
        Error = error;
    }

    public ApiError Error { get; }

    public int Code => Error.Code;

    public int ErrorCode => Error.ErrCode;

    /// <summary>The most specific exception for <paramref name="error"/>.</summary>
    public static NatsJSApiException Create(ApiError error) => error.ErrCode switch
    {
        NatsJSErrorCodes.StreamNotFound => new NatsJSStreamNotFoundException(error),
        NatsJSErrorCodes.ConsumerNotFound => new NatsJSConsumerNotFoundException(error),
        NatsJSErrorCodes.StreamWrongLastSequence => new NatsJSWrongLastSequenceException(error),
        NatsJSErrorCodes.StreamWrongLastMsgId => new NatsJSWrongLastMsgIdException(error),
        NatsJSErrorCodes.StreamNotMatch => new NatsJSExpectedStreamMismatchException(error),
        NatsJSErrorCodes.NoMessageFound => new NatsJSNoMessageFoundException(error),
        _ => new NatsJSApiException(error),
    };
}

/// <summary>err_code 10059: the stream does not exist.</summary>
public sealed class NatsJSStreamNotFoundException(ApiError error) : NatsJSApiException(error);

/// <summary>err_code 10014: the consumer does not exist.</summary>
public sealed class NatsJSConsumerNotFoundException(ApiError error) : NatsJSApiException(error);

/// <summary>err_code 10071: <c>Nats-Expected-Last-Sequence</c> or <c>Nats-Expected-Last-Subject-Sequence</c> did not match.</summary>
public sealed class NatsJSWrongLastSequenceException(ApiError error) : NatsJSApiException(error);

/// <summary>err_code 10070: <c>Nats-Expected-Last-Msg-Id</c> did not match.</summary>
public sealed class NatsJSWrongLastMsgIdException(ApiError error) : NatsJSApiException(error);

/// <summary>err_code 10060: <c>Nats-Expected-Stream</c> named another stream than the one that stored the message.</summary>
public sealed class NatsJSExpectedStreamMismatchException(ApiError error) : NatsJSApiException(error);

/// <summary>err_code 10037: STREAM.MSG.GET found no message.</summary>
public sealed class NatsJSNoMessageFoundException(ApiError error) : NatsJSApiException(error);

/// <summary>JetStream err_codes this client gives a type of their own.</summary>
public static class NatsJSErrorCodes
{
    public const int ConsumerNotFound = 10014;
    public const int NoMessageFound = 10037;
    public const int StreamNotFound = 10059;
    public const int StreamNotMatch = 10060;
    public const int StreamWrongLastMsgId = 10070;
    public const int StreamWrongLastSequence = 10071;
}
