using System.IO.Pipelines;
using Vrsky.Nats.Protocol;

namespace Vrsky.Nats.Internal;

/// <summary>Receives what the read loop recognises.</summary>
internal interface IServerOpHandler
{
    /// <summary>Payload slices are valid only until the returned task completes.</summary>
    ValueTask OnMessageAsync(ServerOp op);

    void OnPing();

    void OnPong();

    void OnInfo(string json);

    void OnError(string error);
}

internal static class ReadLoop
{
    /// <summary>Parses and dispatches until the stream ends (returns) or fails (throws).</summary>
    public static async Task RunAsync(PipeReader reader, IServerOpHandler handler, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            try
            {
                while (ProtocolParser.TryParse(buffer, out var op, out var consumed))
                {
                    switch (op.Kind)
                    {
                        case ServerOpKind.Msg or ServerOpKind.HMsg:
                            var delivery = handler.OnMessageAsync(op);
                            if (!delivery.IsCompletedSuccessfully)
                            {
                                await delivery;
                            }

                            break;
                        case ServerOpKind.Ping:
                            handler.OnPing();
                            break;
                        case ServerOpKind.Pong:
                            handler.OnPong();
                            break;
                        case ServerOpKind.Info:
                            handler.OnInfo(op.Text!);
                            break;
                        case ServerOpKind.Err:
                            handler.OnError(op.Text!);
                            break;
                    }

                    buffer = buffer.Slice(consumed);
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return;
            }
        }
    }
}
