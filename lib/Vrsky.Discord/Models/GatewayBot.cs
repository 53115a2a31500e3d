namespace Vrsky.Discord.Models;

/// <summary>GET /gateway/bot.</summary>
public sealed record GatewayBot(string Url, int Shards);

/// <summary>The READY dispatch: the session to resume later, and where.</summary>
public sealed record Ready(int V, User User, IReadOnlyList<Guild> Guilds, string SessionId, string ResumeGatewayUrl, ReadyApplication? Application = null);

public sealed record ReadyApplication(string Id);
