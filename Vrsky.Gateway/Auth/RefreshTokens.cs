using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Vrsky.Gateway.Auth;

/// <summary>
/// Opaque refresh tokens (256 random bits), stored only as SHA-256 digests. Each use rotates: the presented token
/// is spent and a new one of the same family issued. Presenting a spent or revoked token revokes its whole family,
/// since either the client or a thief holds a copy that should not exist.
/// </summary>
internal sealed class RefreshTokens(NpgsqlDataSource dataSource, IOptions<AuthOptions> options)
{
    public async Task<string> IssueAsync(long userId, Guid? family, CancellationToken cancellationToken)
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        await using var command = dataSource.CreateCommand(
            "INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES (@user, @family, @hash, now() + @lifetime)");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("family", family ?? Guid.NewGuid());
        command.Parameters.AddWithValue("hash", Digest(token));
        command.Parameters.AddWithValue("lifetime", options.Value.RefreshTokenLifetime);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>Spends the token; returns its user and family, or null (and revokes the family on reuse).</summary>
    public async Task<(long UserId, Guid Family)?> SpendAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Digest(token);
        await using (var spend = dataSource.CreateCommand(
            """
            UPDATE refresh_tokens SET used_at = now()
            WHERE token_hash = @hash AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
            RETURNING user_id, family_id
            """))
        {
            spend.Parameters.AddWithValue("hash", hash);
            await using var reader = await spend.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return (reader.GetInt64(0), reader.GetGuid(1));
            }
        }

        await using var revoke = dataSource.CreateCommand(
            """
            UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now())
            WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = @hash AND used_at IS NOT NULL)
            """);
        revoke.Parameters.AddWithValue("hash", hash);
        await revoke.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Revokes the family of <paramref name="token"/> if it belongs to <paramref name="userId"/>; false otherwise.</summary>
    public async Task<bool> RevokeFamilyAsync(long userId, string token, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now())
            WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = @hash AND user_id = @user)
            """);
        command.Parameters.AddWithValue("hash", Digest(token));
        command.Parameters.AddWithValue("user", userId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private static byte[] Digest(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}
