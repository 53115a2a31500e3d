using Microsoft.Extensions.Logging.Abstractions;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Infrastructure;
using Vrsky.DiscordBot.Leaderboard;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Setup;
using Vrsky.DiscordBot.Tests.Infrastructure;

namespace Vrsky.DiscordBot.Tests.Leaderboard;

[Collection(BotCollection.Name)]
public sealed class LeaderboardRefreshTests(BotFixture fixture)
{
    [Fact]
    public async Task TwoWorkersClaimingDifferentTagsAtOnceRenderTheLaterLeaderboardWithBoth()
    {
        await FrolfDatabase.MigrateAsync(fixture.Database, NullLogger.Instance, CancellationToken.None);
        var guild = "9" + Random.Shared.NextInt64(10_000_000_000_000_000, 99_999_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using (var setup = await fixture.Database.OpenConnectionAsync())
        {
            await GuildConfigStore.SaveAsync(setup, null, new GuildConfig(guild, "frolf", "1", "2", "3", "4", "5", "6", "7", "8"), CancellationToken.None);
        }

        // Worker 1 claims tag 5 and renders the leaderboard, but has not committed yet.
        await using var first = await ClaimAsync(guild, 5, "700000000000000001");
        await LeaderboardView.RefreshAsync(first.Context, CancellationToken.None);

        // Worker 2 claims tag 7 meanwhile; its leaderboard must wait for worker 1's commit, or it would leave tag 5 out
        // while its edit, numbered later, wins at the gateway.
        await using var second = await ClaimAsync(guild, 7, "700000000000000002");
        var refresh = LeaderboardView.RefreshAsync(second.Context, CancellationToken.None);
        var pid = second.Context.Sql.Connection.ProcessID;
        await Eventually.WaitAsync(async () => refresh.IsCompleted || await WaitsForALockAsync(pid), TimeSpan.FromSeconds(20), "worker 2 rendered or waiting");
        await first.Context.Sql.Transaction.CommitAsync();
        await refresh;
        await second.Context.Sql.Transaction.CommitAsync();

        var description = second.Context.Actions.Single().Message!.Embeds![0].Description;
        Assert.Equal("**#5** <@700000000000000001>\n**#7** <@700000000000000002>", description);
    }

    private async Task<bool> WaitsForALockAsync(int pid)
    {
        await using var command = fixture.Database.CreateCommand("select count(*) from pg_locks where pid = $1 and not granted");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = pid });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private async Task<Worker> ClaimAsync(string guild, int tag, string user)
    {
        var connection = await fixture.Database.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        var context = new HandlerContext(new Sql(connection, transaction), new BotEvent { Id = $"claim:{guild}:{tag}", Kind = BotEventKinds.Interaction, GuildId = guild });
        await context.Sql.ExecuteAsync("insert into tags (guild_id, tag, user_id) values ($1, $2, $3)", CancellationToken.None, guild, tag, user);
        return new Worker(context);
    }

    private sealed record Worker(HandlerContext Context) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Context.Sql.Transaction.DisposeAsync();
            await Context.Sql.Connection.DisposeAsync();
        }
    }
}
