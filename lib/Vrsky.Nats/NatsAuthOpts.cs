namespace Vrsky.Nats;

/// <summary>Credentials sent in CONNECT. User info in the URL fills these when they are unset.</summary>
public sealed record NatsAuthOpts
{
    public static readonly NatsAuthOpts Default = new();

    public string? Username { get; init; }

    public string? Password { get; init; }

    public string? Token { get; init; }

    public override string ToString() =>
        $"NatsAuthOpts {{ Username = {Username}, Password = {(Password is null ? "null" : "***")}, Token = {(Token is null ? "null" : "***")} }}";
}
