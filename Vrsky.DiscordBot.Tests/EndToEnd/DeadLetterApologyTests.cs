using Npgsql;
using Vrsky.Discord.Models;
using Vrsky.DiscordBot.Modes;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vrsky.DiscordBot.Tests.EndToEnd;

/// <summary>
/// An interaction whose handling fails for good (dead-lettered) is answered with an apology instead of leaving the
/// user at "thinking…". The failure is forced by a trigger on <c>tags</c> for one user, so /claimtag's handler fails
/// in the real worker for that user only.
/// </summary>
[Collection(BotCollection.Name)]
public sealed class DeadLetterApologyTests(BotFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public Task AHandlerThatKeepsThrowingIsAnsweredWithAnApology() =>
        ClaimFailsAsync("700000000000000091", "raise exception 'forced handler failure'");

    /// <summary>A handler that never comes back: dead-lettered from JetStream's max-deliveries advisory.</summary>
    [Fact]
    public Task AHandlerThatHangsPastEveryDeliveryIsAnsweredWithAnApology() =>
        ClaimFailsAsync("700000000000000092", "perform pg_sleep(600)");

    private async Task ClaimFailsAsync(string user, string failure)
    {
        var environment = "sorry" + Guid.NewGuid().ToString("N")[..8];
        var settings = fixture.Environment("standalone", environment);
        settings["BOT_MAX_DELIVER"] = "2";
        var function = "frolf_test_fail_" + environment;
        try
        {
            await using var bots = new BotProcesses(output);
            bots.Start("standalone", settings);
            await bots.RunAsync(async () =>
            {
                await bots.WaitReadyAsync();
                await ExecuteAsync($"""
                    create function {function}() returns trigger language plpgsql as $$ begin {failure}; return new; end $$;
                    create trigger {function} before insert on tags for each row when (new.user_id = '{user}') execute function {function}();
                    """);
                var league = new LeagueDriver(fixture, fixture.StandaloneGuildId);

                var claim = await league.ClaimAsync(user, 61);

                await league.AckedAsync(claim, InteractionCallbackType.DeferredChannelMessageWithSource);
                await league.ReplyAsync(claim, FailureApology.Text);
            });
        }
        finally
        {
            // A hung handler's transaction outlives its killed process until PostgreSQL notices; it holds the guild's
            // claim lock and would block dropping the trigger.
            await ExecuteAsync($"""
                select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep';
                drop function if exists {function} cascade;
                """);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = fixture.Database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
