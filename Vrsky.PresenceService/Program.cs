using Vrsky.PresenceService.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPresenceServiceServices();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
