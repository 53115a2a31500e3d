using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Vrsky.Gateway.Auth;

/// <summary>
/// Loads the ES256 signing key at start: the configured one, else the one the replicas share in the database
/// (the first replica to start generates it; the others read the same row).
/// </summary>
internal sealed class SigningKeyStore(NpgsqlDataSource dataSource, IOptions<AuthOptions> options) : IHostedService
{
    private ECDsaSecurityKey? _key;

    public ECDsaSecurityKey Key => _key ?? throw new InvalidOperationException("The signing key is loaded at start.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.SigningKey;
        var pkcs8 = string.IsNullOrWhiteSpace(configured)
            ? await LoadOrCreateSharedAsync(cancellationToken).ConfigureAwait(false)
            : DecodeConfigured(configured);
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        if (ecdsa.KeySize != 256)
        {
            throw new InvalidOperationException("Auth:SigningKey must be a P-256 key (ES256).");
        }

        _key = new ECDsaSecurityKey(ecdsa) { KeyId = KeyIdOf(ecdsa) };
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static byte[] DecodeConfigured(string configured)
    {
        try
        {
            return Convert.FromBase64String(configured);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Auth:SigningKey must be a base64 PKCS#8 EC private key.");
        }
    }

    private async Task<byte[]> LoadOrCreateSharedAsync(CancellationToken cancellationToken)
    {
        using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO signing_keys (id, key_id, private_key) VALUES (1, @kid, @key) ON CONFLICT (id) DO NOTHING;
            SELECT private_key FROM signing_keys WHERE id = 1;
            """);
        command.Parameters.AddWithValue("kid", KeyIdOf(generated));
        command.Parameters.AddWithValue("key", generated.ExportPkcs8PrivateKey());
        return (byte[])(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>RFC 7638-style: derived from the public key, so every replica computes the same id.</summary>
    private static string KeyIdOf(ECDsa ecdsa) =>
        Base64UrlEncoder.Encode(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()).AsSpan(0, 12).ToArray());
}
