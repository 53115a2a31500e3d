using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Vrsky.ControlPlane.Infrastructure;

namespace Vrsky.ControlPlane.Access;

/// <summary>
/// API keys are 32 random bytes, shown once; only their SHA-256 is stored (a fast hash suffices for keys with
/// 256 bits of entropy: nothing to brute-force). The admin key is compared by hash too, in constant time.
/// </summary>
public sealed class ApiKeys(NpgsqlDataSource db, IOptions<AccessOptions> options)
{
    /// <summary>Longer presented keys are refused without hashing.</summary>
    public const int MaxKeyLength = 128;

    private readonly byte[]? _adminHash = string.IsNullOrEmpty(options.Value.AdminKey) ? null : Hash(options.Value.AdminKey);

    public static string NewKey() => "vrsky_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Creates a key for a tenant inside the caller's transaction; returns the clear key (never stored).</summary>
    public static async Task<string> CreateAsync(NpgsqlConnection connection, Guid tenantId, CancellationToken cancellationToken)
    {
        var key = NewKey();
        await Sql.ExecuteAsync(connection, "INSERT INTO api_keys (key_hash, tenant_id) VALUES ($1, $2)", cancellationToken, Hash(key), tenantId);
        return key;
    }

    /// <summary>The caller a presented key stands for, or null when it matches nothing.</summary>
    public async Task<ApiCaller?> ResolveAsync(string presented, CancellationToken cancellationToken)
    {
        if (presented.Length is 0 or > MaxKeyLength)
        {
            return null;
        }

        var hash = Hash(presented);
        if (_adminHash is not null && CryptographicOperations.FixedTimeEquals(hash, _adminHash))
        {
            return new ApiCaller(null);
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var command = Sql.Command(connection, "SELECT tenant_id FROM api_keys WHERE key_hash = $1", hash);
        return await command.ExecuteScalarAsync(cancellationToken) is Guid tenantId ? new ApiCaller(tenantId) : null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
