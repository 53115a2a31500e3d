using Npgsql;

namespace Vrsky.ControlPlane.Infrastructure;

/// <summary>Small helpers over Npgsql's positional parameters (<c>$1</c>, <c>$2</c>…).</summary>
internal static class Sql
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] args)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(arg as NpgsqlParameter ?? new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] args)
    {
        await using var command = Command(connection, sql, args);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A jsonb parameter from raw JSON text.</summary>
    public static NpgsqlParameter Json(string json) => new() { Value = json, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb };

    public static async Task<List<T>> ListAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params object?[] args)
    {
        await using var command = Command(connection, sql, args);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(map(reader));
        }

        return items;
    }

    public static async Task<T?> SingleAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params object?[] args)
        where T : class =>
        (await ListAsync(connection, sql, map, cancellationToken, args)).SingleOrDefault();

    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Guid? NullableGuid(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);
}
