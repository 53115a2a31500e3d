using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Vrsky.Chat.Contracts.Storage;

/// <summary>Applies <see cref="ChatSchema"/> before the service's other hosted services start.</summary>
public sealed class ChatSchemaMigrator(NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => ChatSchema.MigrateAsync(dataSource, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
