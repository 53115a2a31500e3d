using System.Text;
using System.Text.Json;

namespace Vrsky.TokenWorker.Configuration;

/// <summary>The outcome of reading the command line, the environment and the config file.</summary>
public sealed record TokenWorkerConfigurationResult(TokenWorkerOptions? Options, bool ShowHelp, string? Error);

/// <summary>
/// Resolves <see cref="TokenWorkerOptions"/>: defaults &lt; JSON file (<c>-config</c>) &lt; environment &lt; flags.
/// Flags are Go style, as in seed 000: <c>-queue x</c>, <c>-queue=x</c>, <c>--queue x</c>; switches take an optional <c>=false</c>.
/// </summary>
public static class TokenWorkerConfiguration
{
    private static readonly Dictionary<string, TokenWorkerSetting> ByFlag = TokenWorkerSettings.All.ToDictionary(s => s.Flag, StringComparer.Ordinal);

    public static TokenWorkerConfigurationResult Load(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        try
        {
            var (flags, configPath, help) = ParseFlags(args);
            if (help)
            {
                return new(null, ShowHelp: true, null);
            }

            var options = new TokenWorkerOptions();
            configPath ??= Get(environment, TokenWorkerSettings.ConfigEnvironmentVariable);
            if (configPath is not null)
            {
                ApplyFile(options, configPath);
            }

            if (Get(environment, TokenWorkerSettings.NatsConnectionStringVariable) is { } connectionString)
            {
                Apply(options, ByFlag["nats-url"], connectionString, $"environment {TokenWorkerSettings.NatsConnectionStringVariable}");
            }

            foreach (var setting in TokenWorkerSettings.All)
            {
                foreach (var variable in setting.EnvironmentVariables)
                {
                    if (Get(environment, variable) is { } value)
                    {
                        Apply(options, setting, value, $"environment {variable}");
                    }
                }
            }

            foreach (var (setting, value) in flags)
            {
                Apply(options, setting, value, $"flag -{setting.Flag}");
            }

            return new(options, ShowHelp: false, null);
        }
        catch (TokenWorkerConfigurationException e)
        {
            return new(null, ShowHelp: false, e.Message);
        }
    }

    /// <summary>Every option with its flag, environment variable, config file key and default.</summary>
    public static string HelpText()
    {
        var text = new StringBuilder();
        text.AppendLine("Vrsky token worker: answers OAuth 2.0 client-credentials token requests on NATS.");
        text.AppendLine();
        text.AppendLine("Usage: Vrsky.TokenWorker [flags]");
        text.AppendLine("Precedence: defaults < config file < environment < flags.");
        text.AppendLine();
        text.AppendLine($"  -{TokenWorkerSettings.ConfigFlag} <file>");
        text.AppendLine($"        JSON config file (seed 000 shape: environment, logLevel, nats{{url, allowReconnect, maxReconnect, reconnectWait}}, idp{{url, timeout}}, ...)");
        text.AppendLine($"        env {TokenWorkerSettings.ConfigEnvironmentVariable}");
        foreach (var setting in TokenWorkerSettings.All)
        {
            text.AppendLine($"  -{setting.Flag}{(setting.IsSwitch ? "[=true|false]" : " <value>")}");
            text.AppendLine($"        {setting.Description}");
            var env = string.Join(", ", setting.EnvironmentVariables);
            if (setting.Flag == "nats-url")
            {
                env += $", else {TokenWorkerSettings.NatsConnectionStringVariable}";
            }

            text.AppendLine($"        env {env}{(setting.JsonPath is null ? "" : $"; file {setting.JsonPath}")}; default {setting.Default}");
        }

        text.AppendLine("  -h, -help, --help");
        text.AppendLine("        Show this help");
        return text.ToString();
    }

    private static string? Get(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private static void Apply(TokenWorkerOptions options, TokenWorkerSetting setting, string value, string source)
    {
        try
        {
            setting.Apply(options, value);
        }
        catch (TokenWorkerConfigurationException e)
        {
            // The value itself is not echoed: it may be a URL with credentials.
            throw new TokenWorkerConfigurationException($"Invalid {source}: {e.Message}.");
        }
    }

    private static (List<(TokenWorkerSetting Setting, string Value)> Flags, string? ConfigPath, bool Help) ParseFlags(IReadOnlyList<string> args)
    {
        var flags = new List<(TokenWorkerSetting, string)>();
        string? configPath = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg is "-" or "--")
            {
                throw new TokenWorkerConfigurationException($"Unexpected argument '{arg}'; see --help.");
            }

            var body = arg.TrimStart('-');
            var equals = body.IndexOf('=');
            var name = equals < 0 ? body : body[..equals];
            string? inline = equals < 0 ? null : body[(equals + 1)..];
            if (name is "h" or "help")
            {
                return (flags, configPath, true);
            }

            if (name == TokenWorkerSettings.ConfigFlag)
            {
                configPath = inline ?? NextValue(args, ref i, name);
                continue;
            }

            if (!ByFlag.TryGetValue(name, out var setting))
            {
                throw new TokenWorkerConfigurationException($"Unknown flag '-{name}'; see --help.");
            }

            var value = inline ?? (setting.IsSwitch ? "true" : NextValue(args, ref i, name));
            flags.Add((setting, value));
        }

        return (flags, configPath, false);
    }

    private static string NextValue(IReadOnlyList<string> args, ref int i, string name) =>
        i + 1 < args.Count ? args[++i] : throw new TokenWorkerConfigurationException($"Flag -{name} needs a value; see --help.");

    private static void ApplyFile(TokenWorkerOptions options, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenWorkerConfigurationException($"Cannot read config file '{path}' (-{TokenWorkerSettings.ConfigFlag}): {e.Message}");
        }
        catch (JsonException e)
        {
            throw new TokenWorkerConfigurationException($"Config file '{path}' is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new TokenWorkerConfigurationException($"Config file '{path}' must hold a JSON object.");
            }

            foreach (var setting in TokenWorkerSettings.All.Where(s => s.JsonPath is not null))
            {
                if (Find(document.RootElement, setting.JsonPath!) is not { } element)
                {
                    continue;
                }

                var value = element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString()!,
                    JsonValueKind.Number => element.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => null,
                    _ => throw new TokenWorkerConfigurationException($"Invalid config file key {setting.JsonPath}: expected a string, number or boolean."),
                };
                if (value is not null)
                {
                    Apply(options, setting, value, $"config file key {setting.JsonPath}");
                }
            }
        }
    }

    private static JsonElement? Find(JsonElement root, string path)
    {
        var current = root;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }
}
