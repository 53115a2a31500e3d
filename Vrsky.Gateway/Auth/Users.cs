using Npgsql;

namespace Vrsky.Gateway.Auth;

internal sealed record UserRecord(long Id, string UserName, string PasswordHash);

internal sealed class Users(NpgsqlDataSource dataSource)
{
    /// <summary>The new user's id, or null when the name is taken.</summary>
    public async Task<long?> CreateAsync(string userName, string passwordHash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO users (username, password_hash) VALUES (@name, @hash) ON CONFLICT (username) DO NOTHING RETURNING id");
        command.Parameters.AddWithValue("name", userName);
        command.Parameters.AddWithValue("hash", passwordHash);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
    }

    public async Task<UserRecord?> FindAsync(string userName, CancellationToken cancellationToken) =>
        await FindAsync("username = @key", userName, cancellationToken).ConfigureAwait(false);

    public async Task<UserRecord?> FindAsync(long id, CancellationToken cancellationToken) =>
        await FindAsync("id = @key", id, cancellationToken).ConfigureAwait(false);

    private async Task<UserRecord?> FindAsync<TKey>(string condition, TKey key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT id, username, password_hash FROM users WHERE {condition}");
        command.Parameters.AddWithValue("key", key!);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new UserRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2))
            : null;
    }
}
