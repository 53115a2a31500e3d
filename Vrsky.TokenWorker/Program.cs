using Vrsky.TokenWorker;
using Vrsky.TokenWorker.Configuration;

// Seed 000's settings: defaults < -config file < environment < flags (see --help).
var configuration = TokenWorkerConfiguration.Load(args, TokenWorkerApp.ProcessEnvironment());
if (configuration.ShowHelp)
{
    Console.Out.Write(TokenWorkerConfiguration.HelpText());
    return 0;
}

if (configuration.Error is { } error)
{
    Console.Error.WriteLine($"Vrsky.TokenWorker: {error}");
    return 2;
}

var app = TokenWorkerApp.Build(configuration.Options!);
await app.RunAsync();
return 0;
