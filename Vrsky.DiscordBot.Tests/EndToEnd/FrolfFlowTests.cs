using System.Globalization;
using System.Text.Json;
using Npgsql;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Setup;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;
using Vrsky.Discord.Gateway;
using Vrsky.Discord.Models;
using Vrsky.DiscordEmulator;
using Vrsky.DiscordEmulator.State;
using Xunit.Abstractions;
using Vrsky.DiscordBot.Tests.Infrastructure;
using static Vrsky.DiscordBot.Tests.Infrastructure.LeagueDriver;
using Emu = Vrsky.DiscordEmulator.DiscordEmulator;

namespace Vrsky.DiscordBot.Tests.EndToEnd;

/// <summary>The whole league flow with the gateway and two workers as separate processes against the emulator.</summary>
[Collection(BotCollection.Name)]
public sealed class FrolfFlowTests(BotFixture fixture, ITestOutputHelper output)
{
    private Emu Discord => fixture.Emulator;

    [Fact]
    public async Task SetupSignupRoundScoresFinalizeAndTagRedealAcrossGatewayAndTwoWorkers()
    {
        var environment = "e2e" + Guid.NewGuid().ToString("N")[..8];
        await using var bots = new BotProcesses(output);
        bots.Start("gateway", fixture.Environment("gateway", environment));
        var worker1 = bots.Start("worker1", Worker(environment, "frolf-worker1"));
        var worker2 = bots.Start("worker2", Worker(environment, "frolf-worker2"));
        await bots.RunAsync(() => RunLeagueAsync(environment, bots, worker1, worker2));
    }

    /// <summary>
    /// A worker whose database sessions are named, so the test can tell which process a blocked session belongs to; its
    /// ack wait leaves room to find and kill it before JetStream would redeliver anyway.
    /// </summary>
    private Dictionary<string, string> Worker(string environment, string name)
    {
        var settings = fixture.Environment("worker", environment);
        settings["ConnectionStrings__frolf"] = new NpgsqlConnectionStringBuilder(fixture.DatabaseConnectionString) { ApplicationName = name }.ConnectionString;
        settings["BOT_ACK_WAIT"] = "5";
        return settings;
    }

    private async Task RunLeagueAsync(string environment, BotProcesses bots, ServiceProcess worker1, ServiceProcess worker2)
    {
        await bots.WaitReadyAsync();
        var guild = fixture.GuildId;
        var league = new LeagueDriver(fixture, guild);
        await Eventually.WaitAsync(() => Discord.State.Commands(guild).Count == 6, Deadline, "guild commands registered");

        // Setup: modal, then channels, roles, signup and leaderboard messages.
        await league.SetUpAsync("frolf");
        var channels = league.Channels;
        Assert.Contains("frolf-events", channels.Keys);
        Assert.Contains("frolf-leaderboard", channels.Keys);
        Assert.Contains("frolf-signup", channels.Keys);
        var roles = Discord.State.Roles(guild).ToDictionary(r => r.Name, r => r.Id);
        Assert.Contains("Editor", roles.Keys);
        Assert.Contains("Admin", roles.Keys);
        var signupMessage = Discord.State.Messages(channels["frolf-signup"]).Single().Message;
        var leaderboardMessage = Discord.State.Messages(channels["frolf-leaderboard"]).Single().Message;

        // Signup by reaction grants the Player role.
        foreach (var user in new[] { Alice, Bob, Carol })
        {
            await Discord.AddReactionAsync(guild, user, signupMessage.Id, "✅");
        }

        await Eventually.WaitAsync(() => new[] { Alice, Bob, Carol }.All(u => Discord.State.MemberRoles(guild, u).Contains(roles["Player"])), Deadline, "Player roles");

        // Tags: free ones assigned, a taken one refused naming its holder, out of range refused.
        await league.ReplyAsync(await league.ClaimAsync(Alice, 5), "Tag #5 is yours.");
        await league.ReplyAsync(await league.ClaimAsync(Bob, 2), "Tag #2 is yours.");
        await league.ReplyAsync(await league.ClaimAsync(Carol, 9), "Tag #9 is yours.");
        var taken = await league.ClaimAsync(Dave, 2);
        await league.ReplyAsync(taken, $"Tag #2 is taken by <@{Bob}>.");
        Assert.True(league.Discord.State.Message(taken.OriginalMessageId!)!.Ephemeral, "a refusal is shown to the claimer alone");
        await league.ReplyAsync(await league.ClaimAsync(Dave, 101), "Tags are whole numbers from 1 to 100.");

        // Round: modal → embed with Join/Leave in the events channel and a scheduled event.
        var start = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var create = await Discord.InvokeCommandAsync(guild, Alice, "createround");
        await league.AckedAsync(create, InteractionCallbackType.Modal);
        var createSubmit = await Discord.SubmitModalAsync(create, new Dictionary<string, string>
        {
            ["title"] = "Sunday doubles", ["description"] = "Bring water", ["start"] = start, ["timezone"] = "Europe/Prague", ["location"] = "Central Park",
        });
        await league.AckedAsync(createSubmit, InteractionCallbackType.DeferredChannelMessageWithSource);
        await Eventually.WaitAsync(() => Discord.State.Messages(channels["frolf-events"]).Count == 1 && Discord.State.ScheduledEvents(guild).Count == 1, Deadline, "round message and event");
        var roundMessage = Discord.State.Messages(channels["frolf-events"]).Single().Message;
        Assert.Equal("Sunday doubles", roundMessage.Embeds![0].Title);
        var roundId = roundMessage.Embeds[0].Footer!.Text.Split(' ')[1];
        Assert.Equal("Central Park", Discord.State.ScheduledEvents(guild).Single().EntityMetadata?.Location);
        await Eventually.WaitAsync(async () => await league.CountAsync("select count(*) from rounds where id = $1::bigint and message_id is not null and event_id is not null", roundId) == 1, Deadline, "round ids recorded");

        var joins = new List<InteractionRecord>();
        foreach (var user in new[] { Bob, Carol })
        {
            var join = await Discord.ClickButtonAsync(guild, user, roundMessage.Id, $"round:join:{roundId}");
            await league.AckedAsync(join, InteractionCallbackType.DeferredUpdateMessage);
            joins.Add(join);
        }

        await Eventually.WaitAsync(() => league.Field(roundMessage.Id, "Players (3)") is not null, Deadline, "three players on the round embed");
        // Each join edits the round message by id with a version, so of two workers' joins an older one applied late is dropped.
        foreach (var join in joins)
        {
            Assert.Equal(1, await league.CountAsync(
                "select count(*) from processed_events where id = 'interaction:' || $1 and response->'actions'->0->>'kind' = 'edit_message' and response->'actions'->0->>'version' is not null",
                join.Interaction.Id));
        }

        // Start when the scheduled event becomes active: the Enter Score button appears.
        await league.StartByScheduledEventAsync(roundMessage.Id, roundId);

        // A worker dies inside the handler of Alice's score; the other completes it after JetStream's redelivery.
        var survivor = await KillTheWorkerHandlingAScoreAsync(league, roundMessage.Id, roundId, (worker1, "frolf-worker1"), (worker2, "frolf-worker2"));

        var bad = await league.ScoreAsync(roundMessage.Id, roundId, Bob, "99", "A score is a whole number from -36 to +72");
        Assert.NotNull(bad);
        await league.ScoreAsync(roundMessage.Id, roundId, Bob, "1", "Recorded: +1.");
        var lastScore = await league.ScoreAsync(roundMessage.Id, roundId, Carol, "-2", "Recorded: -2.");

        // Finalized: competition ranks with the tie, and the tags re-dealt in finish order (tie to the lower tag).
        await Eventually.WaitAsync(() => league.Field(roundMessage.Id, "Results") is not null, Deadline, "finalized embed");
        Assert.Equal($"1. <@{Alice}> -2\n1. <@{Carol}> -2\n3. <@{Bob}> +1", league.Field(roundMessage.Id, "Results"));
        Assert.Empty(Discord.State.Message(roundMessage.Id)!.Message.Components!);
        await Eventually.WaitAsync(() => Discord.State.Message(leaderboardMessage.Id)!.Message.Embeds![0].Description == $"**#2** <@{Alice}>\n**#5** <@{Carol}>\n**#9** <@{Bob}>",
            Deadline, "leaderboard edited in place");
        Assert.Equal([(2, Alice), (5, Carol), (9, Bob)], await league.TagsAsync());

        // Every interaction was acknowledged within Discord's 3 s.
        league.AssertAllAcknowledgedInTime();
        var metrics = await survivor.GetAsync("/metrics");
        Assert.Contains("bot_interactions_handled_total{", metrics);

        // Processing the finalizing score a second time (past JetStream's de-duplication) changes nothing.
        var leaderboardEdits = Discord.State.Message(leaderboardMessage.Id)!.Edits;
        await using var nats = new NatsConnection(NatsOpts.FromConnectionString(fixture.NatsUrl));
        var js = nats.CreateJetStreamContext();
        var subjects = new BotSubjects(environment);
        var replay = new BotEvent { Id = "interaction:" + lastScore.Interaction.Id, Kind = BotEventKinds.Interaction, GuildId = guild, Interaction = lastScore.Interaction };
        await js.PublishAsync(subjects.Interaction(guild), JsonSerializer.SerializeToUtf8Bytes(replay, DiscordJson.Options), new NatsJSPubOpts { MsgId = "replay-" + Guid.NewGuid() });
        await Eventually.WaitAsync(async () =>
        {
            var consumer = await js.GetConsumerAsync(subjects.InteractionStream, subjects.WorkerConsumer);
            return consumer.NumPending == 0 && consumer.NumAckPending == 0;
        }, Deadline, "replay processed");
        Assert.Equal([(2, Alice), (5, Carol), (9, Bob)], await league.TagsAsync());
        Assert.Equal(leaderboardEdits, Discord.State.Message(leaderboardMessage.Id)!.Edits);

        await PlayARoundWithALeaverAndADnfAsync(league, leaderboardMessage.Id);
        league.AssertAllAcknowledgedInTime();
    }

    /// <summary>
    /// A second round: Dave joins and leaves again, so the round finalizes without him; Carol enters DNF. Of the tags,
    /// only the finishers' 2 and 9 are re-dealt; Carol's 5 stays hers, where counting her DNF as a last place would have
    /// moved it to Alice.
    /// </summary>
    private static async Task PlayARoundWithALeaverAndADnfAsync(LeagueDriver league, string leaderboardMessageId)
    {
        var (message, roundId) = await league.CreateRoundAsync(Bob, "Monday singles", ModalTime(DateTimeOffset.UtcNow.AddDays(1)), "UTC", "Riverside");
        foreach (var user in new[] { Alice, Carol, Dave })
        {
            await league.JoinAsync(user, message.Id, roundId);
        }

        Assert.NotNull(league.Field(message.Id, "Players (4)"));
        await league.LeaveAsync(Dave, message.Id, roundId);
        Assert.Equal($"<@{Alice}>\n<@{Bob}>\n<@{Carol}>", league.Field(message.Id, "Players (3)"));

        await league.StartByScheduledEventAsync(message.Id, roundId);
        await league.ScoreAsync(message.Id, roundId, Bob, "-4", "Recorded: -4.");
        await league.ScoreAsync(message.Id, roundId, Carol, "dnf", "Recorded: DNF.");
        await league.ScoreAsync(message.Id, roundId, Alice, "+3", "Recorded: +3.");

        await Eventually.WaitAsync(() => league.Field(message.Id, "Results") is not null, Deadline, "second round finalized without the player who left");
        Assert.Equal($"1. <@{Bob}> -4\n2. <@{Alice}> +3\nDNF <@{Carol}>", league.Field(message.Id, "Results"));
        await Eventually.WaitAsync(() => league.Discord.State.Message(leaderboardMessageId)!.Message.Embeds![0].Description == $"**#2** <@{Bob}>\n**#5** <@{Carol}>\n**#9** <@{Alice}>",
            Deadline, "leaderboard after the second round");
        Assert.Equal([(2, Bob), (5, Carol), (9, Alice)], await league.TagsAsync());
    }

    /// <summary>
    /// Holds the round's row lock in a transaction here, so the worker that takes Alice's score blocks inside the handler
    /// (its transaction open, the message unacknowledged); SIGKILLs exactly that process, found by its blocked database
    /// session, then releases the lock. Alice must see her score recorded once and the round embed updated. Returns the
    /// surviving worker.
    /// </summary>
    private async Task<ServiceProcess> KillTheWorkerHandlingAScoreAsync(LeagueDriver league, string messageId, string roundId,
        (ServiceProcess Process, string Name) first, (ServiceProcess Process, string Name) second)
    {
        var eventsChannel = league.Channels["frolf-events"];
        await using var connection = await fixture.Database.OpenConnectionAsync();
        await using var roundLock = await connection.BeginTransactionAsync();
        await using (var select = new NpgsqlCommand("select id from rounds where id = $1 for update", connection, roundLock))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = long.Parse(roundId, CultureInfo.InvariantCulture) });
            Assert.NotNull(await select.ExecuteScalarAsync());
        }

        var messagesBefore = Discord.State.Messages(eventsChannel).Count;
        var submit = await league.SubmitScoreAsync(messageId, roundId, Alice, "-2");
        string? blocked = null;
        await Eventually.WaitAsync(async () => (blocked = await SessionBlockedByAsync(connection.ProcessID)) is not null, Deadline, "a worker waiting for the round inside the score handler");
        var (victim, survivor) = blocked == first.Name ? (first.Process, second.Process)
            : blocked == second.Name ? (second.Process, first.Process)
            : throw new InvalidOperationException($"The round lock blocks '{blocked}', not a worker.");
        Assert.Equal(0, Discord.State.Message(submit.OriginalMessageId!)!.Edits); // Alice still sees "thinking"

        output.WriteLine($"{blocked} blocked inside the score handler; killing it");
        await victim.KillAsync();
        await roundLock.RollbackAsync();

        await league.ReplyAsync(submit, "Recorded: -2.");
        await Eventually.WaitAsync(() => league.Field(messageId, "Players (3)")?.Contains($"<@{Alice}> ✔", StringComparison.Ordinal) == true, Deadline, "Alice's score on the round embed");
        Assert.Equal("Recorded: -2.", league.Original(submit)!.Content);
        Assert.Equal(1, Discord.State.Message(submit.OriginalMessageId!)!.Edits);
        // The deferred reply is the only message the score added (no follow-up, no second round message).
        Assert.Empty(submit.FollowupMessageIds);
        Assert.Equal([submit.OriginalMessageId], Discord.State.Messages(eventsChannel).Skip(messagesBefore).Select(m => m.Message.Id));
        Assert.False(survivor.HasExited);
        return survivor;
    }

    /// <summary>The application name of the session waiting for a lock that session <paramref name="pid"/> holds.</summary>
    private async Task<string?> SessionBlockedByAsync(int pid)
    {
        await using var command = fixture.Database.CreateCommand("select application_name from pg_stat_activity where $1 = any(pg_blocking_pids(pid))");
        command.Parameters.Add(new NpgsqlParameter { Value = pid });
        return await command.ExecuteScalarAsync() as string;
    }

    [Fact]
    public async Task AdminCommandsAreRefusedToMembersWithoutTheAdminRoleOrServerPermission()
    {
        var environment = "adm" + Guid.NewGuid().ToString("N")[..8];
        await using var gateway = ServiceProcess.Start("Vrsky.DiscordBot", fixture.Environment("gateway", environment));
        await using var worker = ServiceProcess.Start("Vrsky.DiscordBot", fixture.Environment("worker", environment));
        await Task.WhenAll(gateway.WaitReadyAsync(), worker.WaitReadyAsync());
        var guild = fixture.AdminGuildId;
        var league = new LeagueDriver(fixture, guild);

        // A plain member's /frolf-setup is refused at once, only to them, and no modal opens.
        var refusedSetup = await Discord.InvokeCommandAsync(guild, Dave, "frolf-setup");
        await league.AckedAsync(refusedSetup, InteractionCallbackType.ChannelMessageWithSource);
        Assert.Equal(MessageFlags.Ephemeral, refusedSetup.Response!.Data!.Flags);
        Assert.Equal(AdminAccess.Refusal, refusedSetup.Response.Data.Content);

        // The owner (Administrator) sets the guild up.
        var setup = await Discord.InvokeCommandAsync(guild, Discord.Options.OwnerId, "frolf-setup");
        await league.AckedAsync(setup, InteractionCallbackType.Modal);
        var submit = await Discord.SubmitModalAsync(setup, new Dictionary<string, string> { ["prefix"] = "admins" });
        await Eventually.WaitAsync(() => league.Original(submit)?.Embeds?.FirstOrDefault()?.Title == "Frolf is set up", Deadline, "setup reply");
        await Eventually.WaitAsync(async () => await league.CountAsync("select count(*) from guild_configs where guild_id = $1", guild) == 1, Deadline, "config stored");
        var claim = await Discord.InvokeCommandAsync(guild, Dave, "claimtag", [Emu.Option("tag", 7)]);
        await league.ReplyAsync(claim, "Tag #7 is yours.");

        // A plain member's /frolf-reset is deferred ephemerally, then refused; nothing is reset.
        var refusedReset = await Discord.InvokeCommandAsync(guild, Dave, "frolf-reset");
        await league.AckedAsync(refusedReset, InteractionCallbackType.DeferredChannelMessageWithSource);
        Assert.Equal(MessageFlags.Ephemeral, refusedReset.Response!.Data!.Flags);
        await league.ReplyAsync(refusedReset, AdminAccess.Refusal);
        Assert.Equal([(7, Dave)], await league.TagsAsync());

        // With the Admin role the same member may do both.
        Discord.GrantRole(guild, Dave, GuildSetup.AdminRoleName);
        var allowedSetup = await Discord.InvokeCommandAsync(guild, Dave, "frolf-setup");
        await league.AckedAsync(allowedSetup, InteractionCallbackType.Modal);
        var allowedReset = await Discord.InvokeCommandAsync(guild, Dave, "frolf-reset");
        await league.ReplyAsync(allowedReset, "Rounds, tags and seasons were reset.");
        Assert.Empty(await league.TagsAsync());
    }

    [Fact]
    public async Task AGatewayWithAWrongTokenExitsWithAnAuthenticationError()
    {
        await using var gateway = ServiceProcess.Start("Vrsky.DiscordBot", fixture.Environment("gateway", "auth" + Guid.NewGuid().ToString("N")[..6], token: "not-the-token"));

        await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, gateway.ExitCode);
        Assert.Contains(gateway.Output, line => line.Contains("authentication failed", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Output, line => line.Contains("not-the-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGatewayWhoseIntentsDiscordRejectsExitsWithAnInvalidIntentsError()
    {
        // A Discord that knows only the Guilds intent closes the bot's IDENTIFY with 4013.
        await using var strict = await Emu.StartAsync(new EmulatorOptions { KnownIntents = (int)GatewayIntents.Guilds });
        var environment = fixture.Environment("gateway", "intents" + Guid.NewGuid().ToString("N")[..6]);
        environment["DISCORD_API_URL"] = strict.ApiBaseUrl.AbsoluteUri;
        environment["DISCORD_GATEWAY_URL"] = strict.GatewayUrl.AbsoluteUri;
        await using var gateway = ServiceProcess.Start("Vrsky.DiscordBot", environment);

        await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, gateway.ExitCode);
        Assert.Contains(gateway.Output, line => line.Contains("closed with 4013: invalid intents", StringComparison.Ordinal));
        Assert.Equal(0, strict.Gateway.Identifies);
    }

    [Fact]
    public async Task AMissingTokenInGatewayModeIsAClearConfigurationError()
    {
        var environment = fixture.Environment("gateway", "cfg");
        environment["DISCORD_TOKEN"] = "";
        await using var gateway = ServiceProcess.Start("Vrsky.DiscordBot", environment);

        await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, gateway.ExitCode);
        Assert.Contains(gateway.Output, line => line.Contains("DISCORD_TOKEN is required in gateway mode", StringComparison.Ordinal));
    }
}
