using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vrsky.TokenWorker.Tests.Infrastructure;

/// <summary>
/// The AppHost's real identity provider (<c>Vrsky.AppHost/idp/server.js</c>, node-oidc-provider) on a free port, with
/// test clients <c>client-1</c> … <c>client-N</c>. Counts token endpoint calls per client through its <c>/stats</c> route.
/// </summary>
public sealed class IdpProcess : IAsyncDisposable
{
    public const string TokenPath = "/realms/phoenix/protocol/openid-connect/token";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private IdpProcess(Process process, int port, IReadOnlyDictionary<string, string> clients)
    {
        _process = process;
        Port = port;
        Clients = clients;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>client id → secret.</summary>
    public IReadOnlyDictionary<string, string> Clients { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string Directory => Path.Combine(RepoPaths.Root, "Vrsky.AppHost", "idp");

    public static async Task<IdpProcess> StartAsync(int clientCount, int tokenTtlSeconds = 300)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"oidc-provider is not installed: run 'npm ci --prefix {Directory}' (scripts/test.sh does).");
        }

        var clients = Enumerable.Range(1, clientCount).ToDictionary(i => $"client-{i}", _ => Convert.ToHexString(Guid.NewGuid().ToByteArray()));
        var port = FreePort.Next();
        var info = new ProcessStartInfo("node", ["server.js"])
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PORT"] = port.ToString();
        info.Environment["IDP_CLIENT_ID"] = "vrsky-token-worker";
        info.Environment["IDP_CLIENT_SECRET"] = Guid.NewGuid().ToString("N");
        info.Environment["IDP_CLIENTS"] = JsonSerializer.Serialize(clients.Select(c => new Dictionary<string, string> { ["client_id"] = c.Key, ["client_secret"] = c.Value }));
        info.Environment["IDP_TOKEN_TTL"] = tokenTtlSeconds.ToString();
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node");
        var idp = new IdpProcess(process, port, clients);
        process.OutputDataReceived += (_, e) => idp.Append(e.Data);
        process.ErrorDataReceived += (_, e) => idp.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var watch = Stopwatch.StartNew();
        while (!await idp.IsHealthyAsync())
        {
            if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(20))
            {
                await idp.DisposeAsync();
                throw new InvalidOperationException($"The IdP did not become healthy:\n{idp.Output}");
            }

            await Task.Delay(25);
        }

        return idp;
    }

    /// <summary>Token endpoint calls the provider received for <paramref name="clientId"/>.</summary>
    public async Task<int> TokenCallsAsync(string clientId)
    {
        var stats = JsonNode.Parse(await Http.GetStringAsync($"{Url}/stats"))!["tokenRequests"]!;
        return stats[clientId]?.GetValue<int>() ?? 0;
    }

    /// <summary>RFC 7662 introspection with the client's own credentials: whether the provider itself accepts the token.</summary>
    public async Task<JsonNode> IntrospectAsync(string clientId, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Url}/realms/phoenix/protocol/openid-connect/token/introspect")
        {
            Content = new FormUrlEncodedContent([new("token", token)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{Clients[clientId]}")));
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Http.GetAsync($"{Url}/health");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
