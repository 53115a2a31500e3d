using System.Globalization;
using System.Text.Json;
using Vrsky.DiscordBot.Bridge;
using Vrsky.DiscordBot.Setup;
using Vrsky.Nats;
using Vrsky.Nats.JetStream;
using Vrsky.Discord.Gateway;
using Vrsky.Discord.Models;
using Vrsky.DiscordEmulator;
using Xunit.Abstractions;
using Vrsky.DiscordBot.Tests.Infrastructure;
using Vrsky.DiscordEmulator.State;
using Emu = Vrsky.DiscordEmulator.DiscordEmulator;

namespace Vrsky.DiscordBot.Tests.EndToEnd;

/// <summary>The whole league flow with the gateway and two workers as separate processes against the emulator.</summary>
[Collection(BotCollection.Name)]
public sealed class FrolfFlowTests(BotFixture fixture, ITestOutputHelper output)
{
    private const string Alice = "700000000000000001";
    private const string Bob = "700000000000000002";
    private const string Carol = "700000000000000003";
    private const string Dave = "700000000000000004";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private Emu Discord => fixture.Emulator;

    [Fact]
    public async Task SetupSignupRoundScoresFinalizeAndTagRedealAcrossGatewayAndTwoWorkers()
    {
        var environment = "e2e" + Guid.NewGuid().ToString("N")[..8];
        await using var gateway = ServiceProcess.Start("Vrsky.DiscordBot", fixture.Environment("gateway", environment));
        await using var worker1 = ServiceProcess.Start("Vrsky.DiscordBot", fixture.Environment("worker", environment));
        await using var worker2 = ServiceProcess.Start("Vrsky.DiscordBot", fixture.Environment("worker", environment));
        try
        {
            await RunLeagueAsync(environment, gateway, worker1, worker2);
        }
        catch
        {
            foreach (var (name, bot) in new[] { ("gateway", gateway), ("worker1", worker1), ("worker2", worker2) })
            {
                output.WriteLine($"--- {name}\n{string.Join('\n', bot.Output.TakeLast(60))}");
            }

            throw;
        }
    }

    private async Task RunLeagueAsync(string environment, ServiceProcess gateway, ServiceProcess worker1, ServiceProcess worker2)
    {
        await Task.WhenAll(gateway.WaitReadyAsync(), worker1.WaitReadyAsync(), worker2.WaitReadyAsync());
        var guild = fixture.GuildId;
        await Eventually.WaitAsync(() => Discord.State.Commands(guild).Count == 6, Deadline, "guild commands registered");

        // Setup: modal, then channels, roles, signup and leaderboard messages.
        var setup = await Discord.InvokeCommandAsync(guild, Alice, "frolf-setup");
        await AckedAsync(setup, InteractionCallbackType.Modal);
        var setupSubmit = await Discord.SubmitModalAsync(setup, new Dictionary<string, string> { ["prefix"] = "frolf" });
        await AckedAsync(setupSubmit, InteractionCallbackType.DeferredChannelMessageWithSource);
        await Eventually.WaitAsync(() => Original(setupSubmit)?.Embeds?.FirstOrDefault()?.Title == "Frolf is set up", Deadline, "setup reply");
        var channels = Discord.State.Channels(guild).ToDictionary(c => c.Name!, c => c.Id);
        Assert.Contains("frolf-events", channels.Keys);
        Assert.Contains("frolf-leaderboard", channels.Keys);
        Assert.Contains("frolf-signup", channels.Keys);
        var roles = Discord.State.Roles(guild).ToDictionary(r => r.Name, r => r.Id);
        Assert.Contains("Editor", roles.Keys);
        Assert.Contains("Admin", roles.Keys);
        var signupMessage = Discord.State.Messages(channels["frolf-signup"]).Single().Message;
        var leaderboardMessage = Discord.State.Messages(channels["frolf-leaderboard"]).Single().Message;
        await Eventually.WaitAsync(async () => await CountAsync("select count(*) from guild_configs where guild_id = $1", guild) == 1, Deadline, "config stored");

        // Signup by reaction grants the Player role.
        foreach (var user in new[] { Alice, Bob, Carol })
        {
            await Discord.AddReactionAsync(guild, user, signupMessage.Id, "✅");
        }

        await Eventually.WaitAsync(() => new[] { Alice, Bob, Carol }.All(u => Discord.State.MemberRoles(guild, u).Contains(roles["Player"])), Deadline, "Player roles");

        // Tags: free ones assigned, a taken one refused naming its holder, out of range refused.
        await ReplyAsync(await ClaimAsync(Alice, 5), "Tag #5 is yours.");
        await ReplyAsync(await ClaimAsync(Bob, 2), "Tag #2 is yours.");
        await ReplyAsync(await ClaimAsync(Carol, 9), "Tag #9 is yours.");
        await ReplyAsync(await ClaimAsync(Dave, 2), $"Tag #2 is taken by <@{Bob}>.");
        await ReplyAsync(await ClaimAsync(Dave, 101), "Tags are whole numbers from 1 to 100.");

        // Round: modal → embed with Join/Leave in the events channel and a scheduled event.
        var create = await Discord.InvokeCommandAsync(guild, Alice, "createround");
        await AckedAsync(create, InteractionCallbackType.Modal);
        var start = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var createSubmit = await Discord.SubmitModalAsync(create, new Dictionary<string, string>
        {
            ["title"] = "Sunday doubles", ["description"] = "Bring water", ["start"] = start, ["timezone"] = "Europe/Prague", ["location"] = "Central Park",
        });
        await AckedAsync(createSubmit, InteractionCallbackType.DeferredChannelMessageWithSource);
        await Eventually.WaitAsync(() => Discord.State.Messages(channels["frolf-events"]).Count == 1 && Discord.State.ScheduledEvents(guild).Count == 1, Deadline, "round message and event");
        var roundMessage = Discord.State.Messages(channels["frolf-events"]).Single().Message;
        Assert.Equal("Sunday doubles", roundMessage.Embeds![0].Title);
        var roundId = roundMessage.Embeds[0].Footer!.Text.Split(' ')[1];
        Assert.Equal("Central Park", Discord.State.ScheduledEvents(guild).Single().EntityMetadata?.Location);
        await Eventually.WaitAsync(async () => await CountAsync("select count(*) from rounds where id = $1::bigint and message_id is not null and event_id is not null", roundId) == 1, Deadline, "round ids recorded");

        var joins = new List<InteractionRecord>();
        foreach (var user in new[] { Bob, Carol })
        {
            var join = await Discord.ClickButtonAsync(guild, user, roundMessage.Id, $"round:join:{roundId}");
            await AckedAsync(join, InteractionCallbackType.DeferredUpdateMessage);
            joins.Add(join);
        }

        await Eventually.WaitAsync(() => Field(roundMessage.Id, "Players (3)") is not null, Deadline, "three players on the round embed");
        // Each join edits the round message by id with a version, so of two workers' joins an older one applied late is dropped.
        foreach (var join in joins)
        {
            Assert.Equal(1, await CountAsync(
                "select count(*) from processed_events where id = 'interaction:' || $1 and response->'actions'->0->>'kind' = 'edit_message' and response->'actions'->0->>'version' is not null",
                join.Interaction.Id));
        }

        // Start when the scheduled event becomes active: the Enter Score button appears.
        await Discord.SetScheduledEventStatusAsync(guild, Discord.State.ScheduledEvents(guild).Single().Id, ScheduledEventStatus.Active);
        await Eventually.WaitAsync(() => Button(roundMessage.Id, $"score:{roundId}") is not null, Deadline, "Enter Score button");

        // A worker dies mid-round; the other (and redelivery) carry on.
        await worker1.KillAsync();

        await ScoreAsync(roundMessage.Id, roundId, Alice, "-2", "Recorded: -2.");
        var bad = await ScoreAsync(roundMessage.Id, roundId, Bob, "99", "A score is a whole number from -36 to +72");
        Assert.NotNull(bad);
        await ScoreAsync(roundMessage.Id, roundId, Bob, "1", "Recorded: +1.");
        var lastScore = await ScoreAsync(roundMessage.Id, roundId, Carol, "-2", "Recorded: -2.");

        // Finalized: competition ranks with the tie, and the tags re-dealt in finish order (tie to the lower tag).
        await Eventually.WaitAsync(() => Field(roundMessage.Id, "Results") is not null, Deadline, "finalized embed");
        Assert.Equal($"1. <@{Alice}> -2\n1. <@{Carol}> -2\n3. <@{Bob}> +1", Field(roundMessage.Id, "Results"));
        Assert.Empty(Discord.State.Message(roundMessage.Id)!.Message.Components!);
        await Eventually.WaitAsync(() => Discord.State.Message(leaderboardMessage.Id)!.Message.Embeds![0].Description == $"**#2** <@{Alice}>\n**#5** <@{Carol}>\n**#9** <@{Bob}>",
            Deadline, "leaderboard edited in place");
        Assert.Equal([(2, Alice), (5, Carol), (9, Bob)], await TagsAsync(guild));

        // Every interaction was acknowledged within Discord's 3 s.
        Assert.All(Discord.State.Interactions.Where(i => i.Interaction.GuildId == guild), i => Assert.True(i.AckLatency < TimeSpan.FromSeconds(3), $"{i.Interaction.Data?.Name ?? i.Interaction.Data?.CustomId} took {i.AckLatency}"));
        var metrics = await worker2.GetAsync("/metrics");
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
        Assert.Equal([(2, Alice), (5, Carol), (9, Bob)], await TagsAsync(guild));
        Assert.Equal(leaderboardEdits, Discord.State.Message(leaderboardMessage.Id)!.Edits);
    }

    [Fact]
    public async Task AdminCommandsAreRefusedToMembersWithoutTheAdminRoleOrServerPermission()
    {
        var environment = "adm" + Guid.NewGuid().ToString("N")[..8];
        await using var gateway = ServiceProcess.Start("Vrsky.DiscordBot", fixture.Environment("gateway", environment));
        await using var worker = ServiceProcess.Start("Vrsky.DiscordBot", fixture.Environment("worker", environment));
        await Task.WhenAll(gateway.WaitReadyAsync(), worker.WaitReadyAsync());
        var guild = fixture.AdminGuildId;

        // A plain member's /frolf-setup is refused at once, only to them, and no modal opens.
        var refusedSetup = await Discord.InvokeCommandAsync(guild, Dave, "frolf-setup");
        await AckedAsync(refusedSetup, InteractionCallbackType.ChannelMessageWithSource);
        Assert.Equal(MessageFlags.Ephemeral, refusedSetup.Response!.Data!.Flags);
        Assert.Equal(AdminAccess.Refusal, refusedSetup.Response.Data.Content);

        // The owner (Administrator) sets the guild up.
        var setup = await Discord.InvokeCommandAsync(guild, Discord.Options.OwnerId, "frolf-setup");
        await AckedAsync(setup, InteractionCallbackType.Modal);
        var submit = await Discord.SubmitModalAsync(setup, new Dictionary<string, string> { ["prefix"] = "admins" });
        await Eventually.WaitAsync(() => Original(submit)?.Embeds?.FirstOrDefault()?.Title == "Frolf is set up", Deadline, "setup reply");
        await Eventually.WaitAsync(async () => await CountAsync("select count(*) from guild_configs where guild_id = $1", guild) == 1, Deadline, "config stored");
        var claim = await Discord.InvokeCommandAsync(guild, Dave, "claimtag", [Emu.Option("tag", 7)]);
        await ReplyAsync(claim, "Tag #7 is yours.");

        // A plain member's /frolf-reset is deferred ephemerally, then refused; nothing is reset.
        var refusedReset = await Discord.InvokeCommandAsync(guild, Dave, "frolf-reset");
        await AckedAsync(refusedReset, InteractionCallbackType.DeferredChannelMessageWithSource);
        Assert.Equal(MessageFlags.Ephemeral, refusedReset.Response!.Data!.Flags);
        await ReplyAsync(refusedReset, AdminAccess.Refusal);
        Assert.Equal([(7, Dave)], await TagsAsync(guild));

        // With the Admin role the same member may do both.
        Discord.GrantRole(guild, Dave, GuildSetup.AdminRoleName);
        var allowedSetup = await Discord.InvokeCommandAsync(guild, Dave, "frolf-setup");
        await AckedAsync(allowedSetup, InteractionCallbackType.Modal);
        var allowedReset = await Discord.InvokeCommandAsync(guild, Dave, "frolf-reset");
        await ReplyAsync(allowedReset, "Rounds, tags and seasons were reset.");
        Assert.Empty(await TagsAsync(guild));
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

    private async Task<InteractionRecord> ClaimAsync(string user, int tag) =>
        await Discord.InvokeCommandAsync(fixture.GuildId, user, "claimtag", [Emu.Option("tag", tag)]);

    private async Task<InteractionRecord> ScoreAsync(string messageId, string roundId, string user, string score, string reply)
    {
        var button = await Discord.ClickButtonAsync(fixture.GuildId, user, messageId, $"score:{roundId}");
        await AckedAsync(button, InteractionCallbackType.Modal);
        var submit = await Discord.SubmitModalAsync(button, new Dictionary<string, string> { ["score"] = score });
        await ReplyAsync(submit, reply);
        return submit;
    }

    private async Task AckedAsync(InteractionRecord record, InteractionCallbackType expected)
    {
        await Eventually.WaitAsync(() => record.Response is not null, TimeSpan.FromSeconds(3), $"acknowledged {record.Interaction.Data?.Name ?? record.Interaction.Data?.CustomId}");
        Assert.Equal(expected, record.Response!.Type);
    }

    private async Task ReplyAsync(InteractionRecord record, string text)
    {
        await Eventually.WaitAsync(() => Original(record)?.Content?.Contains(text, StringComparison.Ordinal) == true, Deadline, $"reply '{text}', got '{Original(record)?.Content}'");
        Assert.True(record.AckLatency < TimeSpan.FromSeconds(3));
    }

    private Message? Original(InteractionRecord record) => record.OriginalMessageId is { } id ? Discord.State.Message(id)?.Message : null;

    private string? Field(string messageId, string name) =>
        Discord.State.Message(messageId)?.Message.Embeds?.FirstOrDefault()?.Fields?.FirstOrDefault(f => f.Name == name)?.Value;

    private Component? Button(string messageId, string customId) =>
        Discord.State.Message(messageId)?.Message.Components?.SelectMany(r => r.Components ?? []).FirstOrDefault(c => c.CustomId == customId);

    private async Task<long> CountAsync(string sql, string parameter)
    {
        await using var command = fixture.Database.CreateCommand(sql);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = parameter });
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
        {
            return 0; // the workers have not migrated yet
        }
    }

    private async Task<List<(int, string)>> TagsAsync(string guild)
    {
        await using var command = fixture.Database.CreateCommand("select tag, user_id from tags where guild_id = $1 order by tag");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = guild });
        await using var reader = await command.ExecuteReaderAsync();
        var tags = new List<(int, string)>();
        while (await reader.ReadAsync())
        {
            tags.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return tags;
    }
}
