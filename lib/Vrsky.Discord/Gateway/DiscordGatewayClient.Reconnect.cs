namespace Vrsky.Discord.Gateway;

/// <summary>The reconnect loop: resume where possible, identify when the session ended, stop on fatal close codes.</summary>
public sealed partial class DiscordGatewayClient
{
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var gatewayUrl = _opts.GatewayUrl ?? await AskGatewayUrlAsync(cancellationToken).ConfigureAwait(false);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var resuming = SessionId is not null && Sequence is not null;
            var url = resuming ? _resumeUrl ?? gatewayUrl : gatewayUrl;
            DiscordLogEvents.GatewayConnecting(_logger, url.Authority, resuming ? "resume" : "identify");
            SessionResult result;
            try
            {
                result = await RunSessionAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException or System.Net.Http.HttpRequestException or OperationCanceledException)
            {
                result = new SessionResult(SessionEnd.Resume, null, e.Message);
            }

            if (result.CloseCode is { } code && GatewayCloseCodes.FatalReason(code) is { } fatal)
            {
                DiscordLogEvents.GatewayFatal(_logger, code, fatal);
                _events.Writer.TryComplete();
                throw new DiscordGatewayException(code, $"Discord gateway closed with {code}: {fatal}.");
            }

            if (result.End == SessionEnd.Identify)
            {
                Volatile.Write(ref _sessionId, null);
                Volatile.Write(ref _sequence, -1);
                _resumeUrl = null;
            }

            // A session that got as far as READY/RESUMED earns a fresh backoff.
            failures = _readyDuringSession ? 0 : failures + 1;
            _readyDuringSession = false;
            var delay = result switch
            {
                // Discord asks for a random 1–5 s pause after op 9, whether the session is resumed or identified anew.
                { InvalidSession: true } => _opts.InvalidSessionDelay * (0.2 + 0.8 * Random.Shared.NextDouble()),
                { End: SessionEnd.ResumeNow } => TimeSpan.Zero,
                _ => Backoff(failures),
            };
            DiscordMetrics.GatewayReconnects.Add(1, new KeyValuePair<string, object?>("kind", result.End == SessionEnd.Identify ? "identify" : "resume"));
            DiscordLogEvents.GatewayLost(_logger, result.CloseCode, result.Reason, delay);
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        if (failures <= 1)
        {
            return TimeSpan.Zero;
        }

        var seconds = Math.Min(Math.Pow(2, failures - 2), _opts.MaxReconnectDelay.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (0.5 + 0.5 * Random.Shared.NextDouble()));
    }

    /// <summary>
    /// <c>GET /gateway/bot</c> is the first call that carries the token, so a bad token shows here as 401 rather than as
    /// close code 4004 later; both end the same way: a fatal authentication failure, not a retry.
    /// </summary>
    private async Task<Uri> AskGatewayUrlAsync(CancellationToken cancellationToken)
    {
        try
        {
            return new Uri((await _rest!.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false)).Url);
        }
        catch (DiscordRestException e) when (e.Status == System.Net.HttpStatusCode.Unauthorized)
        {
            _events.Writer.TryComplete();
            throw new DiscordGatewayException(GatewayCloseCodes.AuthenticationFailed,
                $"Discord GET /gateway/bot answered 401: {GatewayCloseCodes.FatalReason(GatewayCloseCodes.AuthenticationFailed)}.");
        }
    }
}
