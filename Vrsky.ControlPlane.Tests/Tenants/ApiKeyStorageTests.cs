using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Vrsky.ControlPlane.Tests.Infrastructure;

namespace Vrsky.ControlPlane.Tests.Tenants;

/// <summary>A tenant's API key is shown once and stored only as its SHA-256: a copy of the database gives no key.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ApiKeyStorageTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task ApiKeysTableHoldsOnlyTheHashOfTheKey()
    {
        var (tenantId, _, key) = await fixture.CreateTenantAsync("keyhash");
        await using var connection = new NpgsqlConnection(fixture.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT key_hash, row_to_json(k)::text FROM api_keys k WHERE tenant_id = $1", connection)
        {
            Parameters = { new() { Value = tenantId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var (hash, row) = ((byte[])reader[0], reader.GetString(1));
        Assert.False(await reader.ReadAsync());

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key)), hash);
        // Nowhere in the row, in any encoding a column could hold it: text, hex or base64 of its bytes.
        var keyBytes = Encoding.UTF8.GetBytes(key);
        Assert.DoesNotContain(key, row, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(keyBytes), row, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(keyBytes), row, StringComparison.Ordinal);
        Assert.DoesNotContain(key["vrsky_".Length..], row, StringComparison.Ordinal);
    }
}
