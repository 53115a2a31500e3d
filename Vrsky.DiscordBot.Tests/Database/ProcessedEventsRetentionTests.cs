using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Infrastructure;
using Vrsky.DiscordBot.Tests.Infrastructure;

namespace Vrsky.DiscordBot.Tests.Database;

[Collection(BotCollection.Name)]
public sealed class ProcessedEventsRetentionTests(BotFixture fixture)
{
    [Fact]
    public void RetentionOutlastsEveryWayAnEventCanComeBack()
    {
        Assert.True(ProcessedEventsRetention.Retention > EventBus.StreamMaxAge, "a message still in the stream can be redelivered");
        Assert.True(ProcessedEventsRetention.Retention > EventBus.DuplicateWindow);
    }

    [Fact]
    public async Task IdsPastTheRetentionAreDeletedAndRecentOnesKept()
    {
        var prefix = await InsertAsync(("old", TimeSpan.FromDays(9)), ("older", TimeSpan.FromDays(30)), ("recent", TimeSpan.FromDays(6)), ("now", TimeSpan.Zero));

        var deleted = await ProcessedEventsRetention.PruneAsync(fixture.Database, ProcessedEventsRetention.Retention, CancellationToken.None);

        Assert.True(deleted >= 2, $"deleted {deleted}");
        Assert.Equal([prefix + "now", prefix + "recent"], await IdsAsync(prefix));
    }

    [Fact]
    public async Task AWorkerPrunesWhenItStarts()
    {
        var prefix = await InsertAsync(("old", TimeSpan.FromDays(9)), ("recent", TimeSpan.FromDays(1)));

        await using var worker = ServiceProcess.Start("Vrsky.DiscordBot", fixture.Environment("worker", "prune" + Guid.NewGuid().ToString("N")[..8]));

        await Eventually.WaitAsync(async () => (await IdsAsync(prefix)).Count == 1, TimeSpan.FromSeconds(60), "the old id deleted");
        Assert.Equal([prefix + "recent"], await IdsAsync(prefix));
    }

    /// <summary>Rows processed the given time ago, under a prefix of their own (the database is shared with other tests).</summary>
    private async Task<string> InsertAsync(params (string Name, TimeSpan Age)[] rows)
    {
        await FrolfDatabase.MigrateAsync(fixture.Database, NullLogger.Instance, CancellationToken.None);
        var prefix = "retention-test:" + Guid.NewGuid().ToString("N") + ":";
        foreach (var (name, age) in rows)
        {
            await using var insert = fixture.Database.CreateCommand("insert into processed_events (id, processed_at) values ($1, now() - $2)");
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = prefix + name });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = age });
            await insert.ExecuteNonQueryAsync();
        }

        return prefix;
    }

    private async Task<List<string>> IdsAsync(string prefix)
    {
        await using var select = fixture.Database.CreateCommand("select id from processed_events where id like $1 order by id");
        select.Parameters.Add(new Npgsql.NpgsqlParameter { Value = prefix + "%" });
        await using var reader = await select.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
