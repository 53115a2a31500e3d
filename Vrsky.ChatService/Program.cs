using Vrsky.ChatService.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChatServiceServices();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
