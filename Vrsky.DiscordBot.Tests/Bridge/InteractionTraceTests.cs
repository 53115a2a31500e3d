using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator.State;
using Xunit.Abstractions;

namespace Vrsky.DiscordBot.Tests.Bridge;

/// <summary>One interaction is one trace across the gateway and worker processes, as their OTLP exports show.</summary>
[Collection(BotCollection.Name)]
public sealed class InteractionTraceTests(BotFixture fixture, ITestOutputHelper output)
{
    private const string Gateway = "discordbot-gateway";
    private const string Worker = "discordbot-worker";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DeferredCommandIsOneTraceFromGatewayThroughWorkerBackToTheGatewaysRestCall()
    {
        var environment = "trace" + Guid.NewGuid().ToString("N")[..8];
        await using var otlp = await OtlpTraceReceiver.StartAsync();
        await using var gateway = ServiceProcess.Start("Vrsky.DiscordBot", Exporting(fixture.Environment("gateway", environment), Gateway, otlp));
        await using var worker = ServiceProcess.Start("Vrsky.DiscordBot", Exporting(fixture.Environment("worker", environment), Worker, otlp));
        try
        {
            await Task.WhenAll(gateway.WaitReadyAsync(), worker.WaitReadyAsync());
            await Eventually.WaitAsync(() => fixture.Emulator.State.Commands(fixture.GuildId).Count == 6, Deadline, "guild commands registered");

            var command = await fixture.Emulator.InvokeCommandAsync(fixture.GuildId, "700000000000000009", "leaderboard");
            await Eventually.WaitAsync(() => Original(command)?.Embeds?.FirstOrDefault()?.Title == "Leaderboard", Deadline, "leaderboard reply");

            // Exporters send in batches, so the last hop's spans may arrive a little after the reply.
            var interaction = await FindAsync(otlp, s => s.Service == Gateway && s.Name == "interaction leaderboard", "gateway interaction span");
            Assert.Equal("", interaction.ParentSpanId);
            var trace = interaction.TraceId;
            var published = await FindAsync(otlp, s => s.TraceId == trace && s.Service == Gateway && s.Kind == ReceivedSpan.KindProducer && s.Name.EndsWith("_INTERACTIONS", StringComparison.Ordinal), "gateway publish");
            Assert.Equal(interaction.SpanId, published.ParentSpanId);
            var processed = await FindAsync(otlp, s => s.TraceId == trace && s.Service == Worker && s.Kind == ReceivedSpan.KindConsumer, "worker process");
            Assert.Equal(published.SpanId, processed.ParentSpanId);
            Assert.Equal($"process DISCORD_{environment}_INTERACTIONS", processed.Name);
            await FindAsync(otlp, s => s.TraceId == trace && s.Service == Worker && s.Kind == ReceivedSpan.KindClient && s.ParentSpanId == processed.SpanId, "worker database command");
            var response = await FindAsync(otlp, s => s.TraceId == trace && s.Service == Worker && s.Kind == ReceivedSpan.KindProducer, "worker response publish");
            Assert.Equal(processed.SpanId, response.ParentSpanId);
            Assert.Equal($"publish DISCORD_{environment}_RESPONSES", response.Name);
            var applied = await FindAsync(otlp, s => s.TraceId == trace && s.Service == Gateway && s.Kind == ReceivedSpan.KindConsumer && s.ParentSpanId == response.SpanId, "gateway response process");
            Assert.Equal($"process DISCORD_{environment}_RESPONSES", applied.Name);
            // The edit of the deferred reply: HttpClient's span under the gateway's processing of the response.
            var edit = await FindAsync(otlp, s => s.TraceId == trace && s.Service == Gateway && s.Kind == ReceivedSpan.KindClient && s.ParentSpanId == applied.SpanId, "gateway REST call");
            Assert.StartsWith("PATCH", edit.Name, StringComparison.Ordinal);
        }
        catch
        {
            foreach (var (name, bot) in new[] { ("gateway", gateway), ("worker", worker) })
            {
                output.WriteLine($"--- {name}\n{string.Join('\n', bot.Output.TakeLast(40))}");
            }

            output.WriteLine($"--- spans\n{string.Join('\n', otlp.Spans.Select(s => $"{s.Service} {s.TraceId} {s.ParentSpanId,16} -> {s.SpanId} {s.Kind} {s.Name}"))}");
            throw;
        }
    }

    private static Dictionary<string, string> Exporting(Dictionary<string, string> environment, string service, OtlpTraceReceiver otlp)
    {
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Url;
        environment["OTEL_SERVICE_NAME"] = service;
        // Batches every 200 ms instead of 5 s, so the test does not wait on the exporter.
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        return environment;
    }

    private static async Task<ReceivedSpan> FindAsync(OtlpTraceReceiver otlp, Func<ReceivedSpan, bool> match, string what)
    {
        await Eventually.WaitAsync(() => otlp.Spans.Any(match), Deadline, what);
        return otlp.Spans.First(match);
    }

    private Message? Original(InteractionRecord record) => record.OriginalMessageId is { } id ? fixture.Emulator.State.Message(id)?.Message : null;
}
