using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vrsky.DiscordBot.Modes;

/// <summary>
/// Ends the process for a failure a restart of the same half cannot get past on its own. A background service that
/// just throws stops the host with exit code 0, which an orchestrator reads as a clean stop; this sets the code and
/// writes one line saying why on stderr, where it shows without the log pipeline.
/// </summary>
public sealed class FatalExit(IHostApplicationLifetime lifetime, ILogger<FatalExit> logger)
{
    /// <summary>Bad settings (see Program); named here so the codes stay together.</summary>
    public const int ConfigurationExitCode = 2;

    /// <summary>Discord refused the token (401 on GET /gateway/bot, close code 4004) or the intents (4013/4014).</summary>
    public const int AuthenticationExitCode = 3;

    /// <summary>NATS unreachable, migrations failed, a consumer that could not be created: anything else fatal.</summary>
    public const int StartupFailedExitCode = 1;

    /// <summary>
    /// Runs a loop that must last as long as the process (a JetStream consumer): if it throws or ends before shutdown,
    /// the process exits with <see cref="StartupFailedExitCode"/> instead of living on without it (interactions acknowledged
    /// but never answered, a healthy /ready) or stopping with code 0. A restart gets a fresh connection and consumer.
    /// </summary>
    public async Task RunOrExitAsync(Func<Task> loop, string what, CancellationToken stoppingToken)
    {
        string reason;
        try
        {
            await loop().ConfigureAwait(false);
            reason = "ended";
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            reason = $"failed: {e.Message}";
        }

        if (!stoppingToken.IsCancellationRequested)
        {
            await ExitAsync(StartupFailedExitCode, $"NATS: the {what} {reason}").ConfigureAwait(false);
        }
    }

    public async Task ExitAsync(int exitCode, string line)
    {
        BotLog.Fatal(logger, line);
        await Console.Error.WriteLineAsync(line).ConfigureAwait(false);
        Environment.ExitCode = exitCode;
        lifetime.StopApplication();
    }
}
