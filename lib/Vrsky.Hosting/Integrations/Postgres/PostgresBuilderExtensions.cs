using System.Globalization;
using Npgsql;
using Vrsky.Hosting.ApplicationModel;
using Vrsky.Hosting.Orchestration;

namespace Vrsky.Hosting;

public static class PostgresBuilderExtensions
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";

    /// <summary>A PostgreSQL 15 server with a generated password (parameter <c>{name}-password</c>).</summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var password = builder.CreatePasswordParameter(name);
        var postgres = new PostgresServerResource(name, password);
        return builder.AddResource(postgres)
            .WithPasswordParameter(password)
            .WithEndpoint(PostgresServerResource.PrimaryEndpointName, "tcp", port, targetPort: 5432)
            .WithAnnotation(new ContainerImageAnnotation("postgres", "15.10", "docker.io/library"))
            .WithAnnotation(new LocalProcessAnnotation("postgres", "postgresql")
            {
                Prepare = (ctx, ct) => PrepareAsync(postgres, ctx, ct),
                HealthProbe = (ctx, ct) => CanQueryAsync(postgres, ct),
                OnHealthy = (ctx, ct) => CreateDatabasesAsync(postgres, ct),
                // SIGINT is PostgreSQL's "fast" shutdown; SIGTERM would wait for every client to leave.
                StopSignal = Signals.SIGINT,
            });
    }

    /// <summary>A database created on the server at start; its connection string adds <c>Database=</c>.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases.Add(database);
        return builder.ApplicationBuilder.AddResource(database);
    }

    /// <summary>Where <c>initdb</c> and <c>postgres</c> live; Debian keeps them off the PATH.</summary>
    public static string ServerBinDirectory => BinDirectory;

    private static async Task<LocalProcessSpec> PrepareAsync(PostgresServerResource postgres, LocalProcessContext ctx, CancellationToken cancellationToken)
    {
        var dataDir = Path.Combine(ctx.DataDirectory, "pgdata");
        var runAs = ProcessUser.IsRoot ? "postgres" : null;
        if (!File.Exists(Path.Combine(dataDir, "PG_VERSION")))
        {
            Directory.CreateDirectory(dataDir);
            var passwordFile = Path.Combine(ctx.DataDirectory, "pwfile");
            await PrivateFile.WriteAsync(passwordFile, postgres.PasswordParameter.Value, cancellationToken).ConfigureAwait(false);
            await ProcessUser.GiveToAsync(ctx.DataDirectory, runAs, cancellationToken).ConfigureAwait(false);
            try
            {
                await ProcessRunner.RunToCompletionAsync(
                    new LocalProcessSpec(ctx.ResolveExecutable("initdb"),
                        ["-D", dataDir, "-U", postgres.UserName, "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--no-instructions"])
                    { RunAsUser = runAs },
                    TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(passwordFile);
            }
        }

        await ProcessUser.GiveToAsync(ctx.DataDirectory, runAs, cancellationToken).ConfigureAwait(false);
        return new LocalProcessSpec(ctx.ResolveExecutable("postgres"),
            ["-D", dataDir, "-p", ctx.Port(PostgresServerResource.PrimaryEndpointName).ToString(CultureInfo.InvariantCulture),
             "-h", "127.0.0.1", "-k", ctx.DataDirectory])
        { RunAsUser = runAs };
    }

    private static async Task<bool> CanQueryAsync(PostgresServerResource postgres, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(await ConnectionStringAsync(postgres, cancellationToken).ConfigureAwait(false));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task CreateDatabasesAsync(PostgresServerResource postgres, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(await ConnectionStringAsync(postgres, cancellationToken).ConfigureAwait(false));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var database in postgres.Databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = database.DatabaseName } },
            };
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                var quoted = "\"" + database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<string> ConnectionStringAsync(PostgresServerResource postgres, CancellationToken cancellationToken) =>
        await postgres.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false) + ";Timeout=3;Pooling=false";
}
